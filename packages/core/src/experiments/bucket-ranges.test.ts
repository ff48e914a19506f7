import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/growthbook.json' with { type: 'json' };
import { type BucketRange, bucketRanges } from './bucket-ranges.ts';
import { chooseVariation } from './choose-variation.ts';

// Vectors from GrowthBook's packages/sdk-js/test/cases.json (MIT), see the JSON's "source".
type RangeVector = [
  name: string,
  args: [numVariations: number, coverage: number, weights: number[] | null],
  expected: BucketRange[],
];

describe('bucketRanges', () => {
  it.each(vectors.getBucketRange as RangeVector[])(
    'gives the ranges GrowthBook gives for %s',
    (_name, [numVariations, coverage, weights], expected) => {
      const ranges = bucketRanges(numVariations, coverage, weights ?? undefined);
      expect(ranges).toHaveLength(expected.length);
      ranges.forEach(([start, end], i) => {
        expect(start).toBeCloseTo(expected[i]![0], 12);
        expect(end).toBeCloseTo(expected[i]![1], 12);
      });
    },
  );

  it('gives no ranges for no variations', () => {
    expect(bucketRanges(0, 1)).toEqual([]);
  });

  it('never moves a user already in a variation when the coverage rises', () => {
    const weightsOf = (raw: number[]) => {
      const total = raw.reduce((sum, w) => sum + w, 0);
      return raw.map((w) => w / total);
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 6 }).map(weightsOf),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (weights, a, b, n) => {
          const low = chooseVariation(n, bucketRanges(weights.length, Math.min(a, b), weights));
          const high = chooseVariation(n, bucketRanges(weights.length, Math.max(a, b), weights));
          if (low !== -1) expect(high).toBe(low);
        },
      ),
    );
  });
});
