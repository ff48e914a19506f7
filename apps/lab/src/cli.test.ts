import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args) => void out.push(args.join(' ')));
  return out;
}

describe('lab cli', () => {
  it('lists the commands', async () => {
    const out = capture();
    expect(await main([])).toBe(0);
    for (const name of ['simulate', 'replay', 'metrics', 'bench'])
      expect(out.join('\n')).toContain(name);
  });

  it('refuses an unknown command with status 2', async () => {
    const out = capture();
    expect(await main(['simulat'])).toBe(2);
    expect(out.join('\n')).toContain('unknown command "simulat"');
  });

  it('says where it looked for the data and how to pass --data', async () => {
    const out = capture();
    expect(await main(['replay', '--data', '/nowhere/obd'])).toBe(2);
    const text = out.join('\n');
    expect(text).toContain('looked for /nowhere/obd/random/men/men.csv');
    expect(text).toContain('--data <dir>');
  });

  it('rejects bad options with a pointer to the help', async () => {
    const out = capture();
    expect(await main(['simulate', '--seeds', 'x'])).toBe(2);
    expect(await main(['simulate', '--nope'])).toBe(2);
    expect(out.join('\n')).toContain('--seeds must be a positive integer');
    expect(out.join('\n')).toContain('npm run lab -- simulate --help');
  });

  it('prints a command help', async () => {
    const out = capture();
    expect(await main(['bench', '--help'])).toBe(0);
    expect(out.join('\n')).toContain('--quick');
  });
});
