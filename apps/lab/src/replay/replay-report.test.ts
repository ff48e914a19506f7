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

  it('gives no number when the two rates are equal', () => {
    expect(replayRowsToSeparate(0.0046, 0.0046, 34)).toBeNull();
    expect(replayRowsToSeparate(0, 0, 12)).toBeNull();
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

  it('sizes a replay that would separate two different logged CTRs', () => {
    const lines = separationVerdict([], logged, 34, 10_000);
    expect(lines.at(-1)).toBe(
      'To tell a 0.46% CTR from 0.69% by replay at 95% confidence and 80% power needs about ' +
        '576,666 uniformly random rows per policy; this sample has 10,000.',
    );
  });

  it('says that no number of rows separates two logged CTRs that are equal', () => {
    const tie = [
      { ...logged[0]!, rate: est(0.005, 0.0018, 0.0146), clicks: 2, rows: 400 },
      { ...logged[1]!, rate: est(0.005, 0.0018, 0.0146), clicks: 2, rows: 400 },
    ];
    const last = separationVerdict([], tie, 12, 400).at(-1)!;
    expect(last).toBe(
      "The two logged policies' CTRs are equal in this sample (0.50%, 2 clicks in 400 and 2 in 400): " +
        'it shows no difference to size a replay for, and no number of rows separates two equal CTRs.',
    );
    expect(last).not.toMatch(/Infinity|NaN/);
  });
});
