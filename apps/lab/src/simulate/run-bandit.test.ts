import { describe, expect, it } from 'vitest';
import { runBandit } from './run-bandit.ts';

const rates = [0.5, 0.4, 0.4, 0.4];
const checkpoints = [10, 100, 1000, 5000];

describe('runBandit', () => {
  it('gives the same regret for the same seed and never decreasing regret', () => {
    const a = runBandit({ rates, policy: 'thompson', horizon: 5000, checkpoints, seed: 7 });
    const b = runBandit({ rates, policy: 'thompson', horizon: 5000, checkpoints, seed: 7 });
    expect([...a]).toEqual([...b]);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[i - 1]!);
  });

  it('charges random play the mean gap per step', () => {
    // Mean gap: 3 × 0.1 / 4 = 0.075 per step; 5000 steps → 375 expected.
    const r = runBandit({ rates, policy: 'random', horizon: 5000, checkpoints, seed: 3 });
    expect(r[3]).toBeGreaterThan(340);
    expect(r[3]).toBeLessThan(410);
  });

  it('lets every learner beat random play', () => {
    for (const policy of ['thompson', 'ucb1', 'epsilon-greedy'] as const) {
      const r = runBandit({ rates, policy, horizon: 5000, checkpoints, seed: 11 });
      expect(r[3]).toBeLessThan(200);
    }
  });
});
