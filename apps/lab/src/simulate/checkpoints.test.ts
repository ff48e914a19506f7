import { describe, expect, it } from 'vitest';
import { logCheckpoints } from './checkpoints.ts';

describe('logCheckpoints', () => {
  it('spaces points logarithmically and keeps every power of ten', () => {
    expect([...logCheckpoints(1000, 2)]).toEqual([10, 32, 100, 316, 1000]);
    const points = [...logCheckpoints(1_000_000)];
    for (const power of [10, 100, 1000, 10_000, 100_000, 1_000_000])
      expect(points).toContain(power);
    expect(points).toEqual([...new Set(points)].sort((a, b) => a - b));
  });

  it('includes a horizon that is not a power of ten, and a tenth of it', () => {
    const points = [...logCheckpoints(5000)];
    expect(points.at(-1)).toBe(5000);
    expect(points).toContain(500);
  });

  it('rejects a horizon that is not a positive integer', () => {
    expect(() => logCheckpoints(0)).toThrow(RangeError);
  });
});
