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

// log C(n, k), for the binomial tail of medianInterval.
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}

/**
 * The sample median with its distribution-free 95% interval from order statistics: the
 * j-th smallest and j-th largest values, j the largest rank with P(Binomial(n, ½) < j)
 * ≤ 2.5%, so the interval holds the true median with probability ≥ 95% whatever the
 * distribution. Values may be Infinity (runs that never got there), as long as they are
 * sortable; an interval end that is Infinity says the data cannot bound it. Fewer than 6
 * values give the whole range.
 *
 * @example
 * medianInterval([5, 1, 4, 2, 3, 9, 8, 7, 6, 10]); // { value: 5.5, low: 2, high: 9 }
 */
export function medianInterval(values: ArrayLike<number>): Estimate {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN };
  // Both middle values when n is even, so that Infinity beside a finite one gives Infinity.
  const value = n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  let tail = 0;
  let j = 0;
  // P(B ≤ k) for B ~ Binomial(n, ½), k = 0, 1, …: the rank j + 1 is safe while P(B ≤ j) ≤ 2.5%.
  for (let k = 0; k < n / 2; k++) {
    tail += Math.exp(logChoose(n, k) - n * Math.LN2);
    if (tail > 0.025) break;
    j = k + 1;
  }
  if (j === 0) return { value, low: sorted[0]!, high: sorted[n - 1]! };
  return { value, low: sorted[j - 1]!, high: sorted[n - j]! };
}
