import { describe, expect, it } from 'vitest';
import { runPool } from './pool.ts';
import type { BanditTask } from './tasks.ts';

const task = (seed: number, policy: 'thompson' | 'ucb1'): { task: BanditTask; cost: number } => ({
  task: {
    kind: 'bandit',
    options: { rates: [0.5, 0.4, 0.45], policy, horizon: 2000, checkpoints: [100, 2000], seed },
  },
  cost: policy === 'thompson' ? 3 : 1,
});

describe('runPool', () => {
  it('returns the same results in the same order on worker threads as in this thread', async () => {
    const tasks = [task(1, 'ucb1'), task(2, 'thompson'), task(3, 'thompson'), task(4, 'ucb1')];
    const here = await runPool(tasks, { threads: 1 });
    const threaded = await runPool(tasks, { threads: 2 });
    expect(threaded.map((r) => [...r])).toEqual(here.map((r) => [...r]));
  }, 30_000);

  it('reports progress by cost', async () => {
    let done = 0;
    await runPool([task(1, 'ucb1'), task(2, 'thompson')], {
      threads: 2,
      progress: { advance: (n) => (done += n), stop() {} },
    });
    expect(done).toBe(4);
  }, 30_000);

  it("rethrows a task's error from a worker thread", async () => {
    const bad: { task: BanditTask; cost: number } = {
      task: {
        kind: 'bandit',
        options: {
          rates: [0.5],
          policy: 'nope' as 'ucb1',
          horizon: 10,
          checkpoints: [10],
          seed: 1,
        },
      },
      cost: 1,
    };
    await expect(runPool([bad, task(1, 'ucb1')], { threads: 2 })).rejects.toThrow();
  }, 30_000);
});
