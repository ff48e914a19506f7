/** Mean of the values; NaN for none. */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Sample standard deviation (n − 1); 0 for fewer than two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return 0;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (values[i]! - m) ** 2;
  return Math.sqrt(sum / (n - 1));
}

/** A point estimate with a 95% interval. */
export interface Estimate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The mean with a normal-approximation (CLT) 95% interval: mean ± 1.96·sd/√n.
 *
 * @example
 * meanInterval([1, 2, 3]); // { value: 2, low: 0.868…, high: 3.131… }
 */
export function meanInterval(values: ArrayLike<number>): Estimate {
  const m = mean(values);
  const half = (1.96 * standardDeviation(values)) / Math.sqrt(values.length);
  return { value: m, low: m - half, high: m + half };
}

/**
 * The Wilson score 95% interval of a binomial proportion: well behaved for rare events
 * (a few clicks in thousands of impressions), unlike the Wald interval.
 *
 * @example
 * wilsonInterval(69, 10_000); // { value: 0.0069, low: 0.005456…, high: 0.008723… }
 */
export function wilsonInterval(successes: number, trials: number): Estimate {
  const z = 1.959963984540054;
  if (trials === 0) return { value: Number.NaN, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half =
    (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  // At 0 or n successes the bound is exactly 0 or 1; computed, it is off by rounding.
  return {
    value: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/**
 * The q-quantile of sorted values by linear interpolation (type 7, as R and NumPy default).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const at = (n - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Whether two intervals overlap. */
export function overlaps(a: Estimate, b: Estimate): boolean {
  return a.low <= b.high && b.low <= a.high;
}
