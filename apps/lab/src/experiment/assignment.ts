import { type BucketRange, bucketRanges, chooseVariation, hashToUnit } from '@crowdbandit/core';

/** How an experiment splits its users, as the edge's snapshot gives it to the SDK. */
export interface Split {
  /** The phase's seed (the edge draws one at every start). */
  readonly seed: string;
  readonly weights: readonly number[];
  readonly coverage: number;
}

/**
 * The variation of every user of a split, the way the SDK assigns: core's `hashToUnit`
 * (version 2, GrowthBook's) of the phase seed and the user's hash value, then
 * `chooseVariation` over `bucketRanges(variations, coverage, weights)`. -1: outside the
 * coverage. The ranges are computed once; the per-user work is one hash.
 *
 * @example
 * const variationOf = assigner({ seed: 'aa:1:9f2c', weights: [0.5, 0.5], coverage: 1 });
 * variationOf('u-1'); // 0 or 1
 */
export function assigner(split: Split): (hashValue: string) => number {
  const ranges: BucketRange[] = bucketRanges(split.weights.length, split.coverage, split.weights);
  return (hashValue) => chooseVariation(hashToUnit(split.seed, hashValue, 2)!, ranges);
}
