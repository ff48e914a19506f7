import type { BucketRange } from './bucket-ranges.ts';

/**
 * The variation whose range holds the hash `n` (`start <= n < end`), or -1 when `n` falls
 * outside every range (the user is not in the experiment), as GrowthBook's
 * `chooseVariation`. The first matching range wins, so an empty range never takes a user.
 *
 * @example
 * chooseVariation(0.6, [[0, 0.5], [0.5, 1]]); // 1
 * chooseVariation(0.4, [[0, 0.25], [0.5, 0.75]]); // -1: outside the 50% coverage
 * const variation = chooseVariation(hashToUnit(key, userId, 2) ?? -1, bucketRanges(2, 1));
 */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    const range = ranges[i]!;
    if (n >= range[0] && n < range[1]) return i;
  }
  return -1;
}
