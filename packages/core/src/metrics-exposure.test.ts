import { describe, expect, it } from 'vitest';
import { catalogCoverage, exposureCounts, giniOfExposure } from './metrics-exposure.ts';

describe('catalogCoverage', () => {
  it('is the share of the catalog shown at least once', () => {
    // {a, b, c} of 10.
    expect(
      catalogCoverage(
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
        10,
      ),
    ).toBeCloseTo(0.3, 12);
  });

  it('ignores ids outside a catalog given as ids', () => {
    expect(catalogCoverage([['a', 'x']], ['a', 'b'])).toBe(0.5);
  });

  it('refuses an empty catalog', () => {
    expect(() => catalogCoverage([], 0)).toThrow(RangeError);
  });
});

describe('exposureCounts', () => {
  it('counts impressions per catalog item, zeros included', () => {
    expect([...exposureCounts([['a', 'b'], ['b'], ['zz']], ['a', 'b', 'c'])]).toEqual([1, 2, 0]);
  });
});

describe('giniOfExposure', () => {
  it.each([
    [[1, 1, 1, 1], 0], // equal exposure
    [[0, 0, 0, 4], 0.75], // (2·4 − 5)·4 / (4·4) = 12/16
    [[1, 2, 3], 2 / 9], // (−2·1 + 0·2 + 2·3) / (3·6) = 4/18
    [[3, 1, 2], 2 / 9], // order does not matter
    [[0, 0], 0], // nothing shown
  ])('gives the hand-computed coefficient for %j', (counts, expected) => {
    expect(giniOfExposure(counts)).toBeCloseTo(expected, 12);
  });

  it('reaches (n−1)/n when one item takes everything', () => {
    const counts = new Float64Array(10);
    counts[3] = 7;
    expect(giniOfExposure(counts)).toBeCloseTo(0.9, 12);
  });

  it('rejects negative counts', () => {
    expect(() => giniOfExposure([1, -1])).toThrow(RangeError);
  });
});
