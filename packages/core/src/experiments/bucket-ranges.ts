/** A half-open interval `[start, end)` of the unit hash range that maps to one variation. */
export type BucketRange = [start: number, end: number];

/**
 * The slice of [0, 1) each variation owns, as GrowthBook's `getBucketRanges`: variation i
 * starts where the weights before it sum to and spans `coverage * weights[i]`. Scaling each
 * range from its fixed start (rather than packing the ranges together) means raising the
 * coverage later only adds users: nobody already in a variation moves. `coverage` is
 * clamped to [0, 1]; `weights` that are missing, of the wrong length or do not sum to
 * 1 ± 0.01 fall back to equal weights.
 *
 * @example
 * bucketRanges(2, 1); // [[0, 0.5], [0.5, 1]]
 * bucketRanges(2, 0.5); // [[0, 0.25], [0.5, 0.75]]
 * bucketRanges(3, 0.2, [0.2, 0.3, 0.5]); // [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]
 */
export function bucketRanges(
  numVariations: number,
  coverage: number,
  weights?: readonly number[],
): BucketRange[] {
  const scale = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage;
  let chosen = weights;
  if (chosen === undefined || chosen.length !== numVariations || !sumsToOne(chosen)) {
    chosen = numVariations > 0 ? new Array<number>(numVariations).fill(1 / numVariations) : [];
  }
  let cumulative = 0;
  return chosen.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + scale * weight];
  });
}

function sumsToOne(weights: readonly number[]): boolean {
  let total = 0;
  for (const weight of weights) total += weight;
  return total >= 0.99 && total <= 1.01;
}
