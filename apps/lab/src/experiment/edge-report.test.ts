import type { MetricResults } from '@crowdbandit/protocol';
import { describe, expect, it } from 'vitest';
import { likesUplift } from './edge-report.ts';
import type { RolloutOutcome } from './rollout.ts';

function arm(exposed: number, values: number[]): MetricResults['variations'][number] {
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    exposed,
    valueSum: sum,
    valueSumSquares: values.reduce((a, b) => a + b * b, 0),
  } as MetricResults['variations'][number];
}

describe('likesUplift', () => {
  it("gives the ratio of likes per visitor with a delta-method interval from the edge's sums", () => {
    // Baseline: 2, 2, 2 and 0 likes; learner: 3, 3, 3 and 1.
    const outcome = {
      like: { variations: [arm(4, [2, 2, 2, 0]), arm(4, [3, 3, 3, 1])] },
    } as unknown as RolloutOutcome;
    const u = likesUplift(outcome);
    expect(u.baseline).toBe(1.5);
    expect(u.learner).toBe(2.5);
    expect(u.relative).toBeCloseTo(2.5 / 1.5 - 1, 12);
    // Both sample variances are 1, so se² of the log ratio = 1/(4·1.5²) + 1/(4·2.5²).
    const half = 1.959963984540054 * Math.sqrt(1 / (4 * 2.25) + 1 / (4 * 6.25));
    expect(u.lower).toBeCloseTo((2.5 / 1.5) * Math.exp(-half) - 1, 12);
    expect(u.upper).toBeCloseTo((2.5 / 1.5) * Math.exp(half) - 1, 12);
    expect(u.users).toBe(8);
  });
});
