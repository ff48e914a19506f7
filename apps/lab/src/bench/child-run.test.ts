import { describe, expect, it } from 'vitest';
import { runInChild } from './child-run.ts';

describe('runInChild', () => {
  it('runs a module snippet in a fresh process with extra environment variables', async () => {
    const outcome = await runInChild("if (process.env.BENCH_FLAG !== 'on') process.exit(3);", {
      label: 't',
      timeoutMs: 20_000,
      env: { BENCH_FLAG: 'on' },
    });
    expect(outcome.ok).toBe(true);
  }, 30_000);

  it('reports a failure with the last lines of output', async () => {
    const outcome = await runInChild("console.error('boom here'); process.exit(2);", {
      label: 't',
      timeoutMs: 20_000,
    });
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.error).toMatch(/exit code 2: boom here/);
  }, 30_000);

  it('kills a run at its timeout', async () => {
    const outcome = await runInChild('setInterval(() => {}, 1000);', {
      label: 't',
      timeoutMs: 500,
    });
    expect(outcome).toMatchObject({ ok: false, error: 'timed out after 0.5 s' });
  }, 30_000);
});
