import { describe, expect, it } from 'vitest';
import {
  meanInterval,
  medianInterval,
  overlaps,
  quantileSorted,
  standardDeviation,
  wilsonInterval,
} from './stats.ts';

describe('stats', () => {
  it('computes the CLT interval of a mean', () => {
    // sd of 1, 2, 3 is 1: 2 ± 1.96/√3.
    expect(standardDeviation([1, 2, 3])).toBe(1);
    const e = meanInterval([1, 2, 3]);
    expect(e.value).toBe(2);
    expect(e.high - e.value).toBeCloseTo(1.96 / Math.sqrt(3), 12);
  });

  it('gives the Wilson interval of a rare proportion', () => {
    // 69 of 10,000, z = 1.96: centre (0.0069 + z²/2n) / (1 + z²/n) = 0.0070894,
    // half-width z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 0.0016332.
    const e = wilsonInterval(69, 10_000);
    expect(e.value).toBe(0.0069);
    expect(e.low).toBeCloseTo(0.0054562, 6);
    expect(e.high).toBeCloseTo(0.0087226, 6);
    expect(wilsonInterval(0, 100).low).toBe(0);
  });

  it('interpolates quantiles as R type 7', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('tells overlapping intervals from separate ones', () => {
    expect(overlaps({ value: 1, low: 0, high: 2 }, { value: 3, low: 1.5, high: 4 })).toBe(true);
    expect(overlaps({ value: 1, low: 0, high: 1 }, { value: 3, low: 2, high: 4 })).toBe(false);
  });
});

describe('medianInterval', () => {
  it('takes the order statistics whose binomial tails hold 2.5% each', () => {
    // n = 10: P(B ≤ 1) = 11/1024 ≤ 2.5% < P(B ≤ 2) = 56/1024, so the 2nd and 9th values.
    expect(medianInterval([5, 1, 4, 2, 3, 9, 8, 7, 6, 10])).toEqual({
      value: 5.5,
      low: 2,
      high: 9,
    });
    // n = 100: the textbook ranks 40 and 61.
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(medianInterval(hundred)).toEqual({ value: 50.5, low: 40, high: 61 });
  });

  it('leaves an end unbounded when runs that never got there reach it', () => {
    const values = [
      ...Array.from({ length: 60 }, (_, i) => i + 1),
      ...new Array(40).fill(Infinity),
    ];
    const e = medianInterval(values);
    expect(e.value).toBe(50.5);
    expect(e.low).toBe(40);
    expect(e.high).toBe(Infinity);
  });

  it('gives the whole range when too few values bound nothing', () => {
    expect(medianInterval([3, 1, 2])).toEqual({ value: 2, low: 1, high: 3 });
  });
});
