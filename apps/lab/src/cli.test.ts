import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.ts';

const MEN12 = join(import.meta.dirname, 'obd/fixtures/obd-men12');
const outDir = () => mkdtempSync(join(tmpdir(), 'lab-cli-'));

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
    expect(text).toContain('looked for /nowhere/obd/random/<campaign>/<campaign>.csv');
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

describe('lab cli on a sample of another campaign', () => {
  it('replays it with the campaign, item count and files it read', async () => {
    const out = capture();
    const dir = outDir();
    const args = ['--data', MEN12, '--seeds', '1', '--bootstrap', '4', '--threads', '1'];
    expect(await main(['replay', ...args, '--out', dir])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Data: Open Bandit Dataset, "Men12" campaign sample, 12 items: Saito');
    expect(text).toContain('Sample: "Men12" campaign in');
    expect(text).toContain('12 items (random/men12/item_context.csv)');
    expect(text).toContain('400 rows in random/men12/men12.csv.gz, 400 in bts/men12/men12.csv.gz');
    expect(text).toContain('random logging policy (random/men12/men12.csv.gz)');
    expect(text).toMatch(
      /needs about [\d,]+ uniformly random rows per policy; this sample has 400\./,
    );
    expect(text).not.toContain('"Men" campaign');
    const json = JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8'));
    expect(json.data).toMatchObject({ campaign: 'men12', items: 12, randomRows: 400 });
    expect(json.method.ips).toContain('(1/12)');
    expect(readFileSync(join(dir, 'replay.svg'), 'utf8')).toContain('OBD &quot;Men12&quot; sample');
  });

  it('simulates its OBD-like catalog under the campaign read', async () => {
    const out = capture();
    const dir = outDir();
    const args = ['--data', MEN12, '--envs', 'obd', '--parts', 'regret', '--policies', 'random'];
    const small = ['--horizon', '1000', '--seeds', '1', '--threads', '1', '--out', dir];
    expect(await main(['simulate', ...args, ...small])).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Data: Open Bandit Dataset, "Men12" campaign sample, 12 items: Saito');
    expect(text).toContain('OBD-like catalog ("Men12" campaign): 12 items');
    expect(text).toContain('obd-men12');
    const json = JSON.parse(readFileSync(join(dir, 'simulate.json'), 'utf8'));
    expect(json.data).toMatchObject({ campaign: 'men12', items: 12 });
    expect(json.regret[0].label).toMatch(/^OBD-like catalog \("Men12" campaign\), 12 items/);
    expect(readFileSync(join(dir, 'regret-obd-men12.svg'), 'utf8')).toContain('Men12');
  });
});
