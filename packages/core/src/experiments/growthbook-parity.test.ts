import { GrowthBook } from '@growthbook/growthbook';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketRanges } from './bucket-ranges.ts';
import { chooseVariation } from './choose-variation.ts';
import { hashToUnit } from './hash-to-unit.ts';
import { inNamespace } from './in-namespace.ts';

// GrowthBook's own JS SDK (a dev dependency of the repo, never of core) as the reference:
// a user must land in the same variation with crowdbandit as with GrowthBook.
function growthbookAssignment(
  userId: string,
  experiment: {
    key: string;
    hashVersion: 1 | 2;
    coverage: number;
    weights: number[];
    namespace?: [string, number, number];
  },
) {
  const gb = new GrowthBook({ attributes: { id: userId } });
  const variations = experiment.weights.map((_, i) => i) as [number, number, ...number[]];
  const result = gb.run({ ...experiment, variations });
  return { bucket: result.bucket, variation: result.inExperiment ? result.variationId : -1 };
}

const nonEmpty = fc.string({ minLength: 1, unit: 'grapheme' });
// GrowthBook looks experiment keys up in plain objects: 'toString' would read a prototype
// method as a forced variation, so keys get a prefix.
const experimentKey = nonEmpty.map((text) => `exp-${text}`);
const weights = fc
  .array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 5 })
  .map((raw) => {
    const total = raw.reduce((sum, w) => sum + w, 0);
    return raw.map((w) => w / total);
  });

describe('assignment parity with the GrowthBook JS SDK', () => {
  it('puts every user in the variation GrowthBook 1.8.0 puts them in', () => {
    fc.assert(
      fc.property(
        nonEmpty,
        experimentKey,
        fc.constantFrom<1 | 2>(1, 2),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        weights,
        fc.option(fc.tuple(nonEmpty, fc.double({ min: 0, max: 0.5, noNaN: true })), {
          nil: undefined,
        }),
        (userId, key, hashVersion, coverage, w, slice) => {
          const namespace: [string, number, number] | undefined = slice && [
            slice[0],
            slice[1],
            slice[1] + 0.5,
          ];
          const expected = growthbookAssignment(userId, {
            key,
            hashVersion,
            coverage,
            weights: w,
            ...(namespace && { namespace }),
          });
          const n = hashToUnit(key, userId, hashVersion)!;
          const ours =
            namespace && !inNamespace(userId, namespace)
              ? -1
              : chooseVariation(n, bucketRanges(w.length, coverage, w));
          expect(ours).toBe(expected.variation);
          if (expected.variation !== -1) expect(n).toBe(expected.bucket);
        },
      ),
      { numRuns: 500 },
    );
  });
});
