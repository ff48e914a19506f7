import { describe, expect, it } from 'vitest';
import { replayRowsToSeparate, separationVerdict } from './replay-report.ts';
import type { VariantEstimates } from './replay-study.ts';

const est = (value: number, low: number, high: number) => ({ value, low, high });
const variant = (id: string, replay: ReturnType<typeof est>, ips = replay): VariantEstimates => ({
  variant: { id, label: id, policy: 'random' },
  replay,
  matched: 294,
  clicks: 1.4,
  ips,
  snips: ips,
});

describe('replayRowsToSeparate', () => {
  it('follows the two-proportion sample size, times the items', () => {
    // n = (1.959964 + 0.841621)² × (0.0046·0.9954 + 0.0069·0.9931) / 0.0023²
    //   = 7.848878 × 0.011431233 / 0.00000529 = 16,960.74 per policy, × 34 rows per match.
    expect(replayRowsToSeparate(0.0046, 0.0069, 1)).toBe(16_961);
    expect(replayRowsToSeparate(0.0046, 0.0069, 34)).toBe(576_666);
  });
});

describe('separationVerdict', () => {
  const logged = [
    { label: 'random logging policy', rate: est(0.0046, 0.0035, 0.0061), clicks: 46, rows: 10_000 },
    { label: 'bts on-policy', rate: est(0.0069, 0.0055, 0.0087), clicks: 69, rows: 10_000 },
  ];

  it('says plainly when every interval overlaps', () => {
    const lines = separationVerdict([variant('a', est(0.004, 0, 0.014))], logged, 34, 10_000);
    expect(lines[0]).toMatch(/too small to separate/);
    expect(lines.at(-1)).toMatch(/uniformly random rows per policy; this sample has 10,000/);
  });

  it('names the pairs whose intervals do not overlap', () => {
    const lines = separationVerdict(
      [variant('great', est(0.02, 0.015, 0.025))],
      logged,
      34,
      10_000,
    );
    expect(lines[0]).toMatch(/Separated.*great \(replay\) vs random logging policy/);
  });
});
