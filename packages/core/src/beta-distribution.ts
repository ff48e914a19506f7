import { sampleBeta } from './beta.ts';
import { HALF_LOG_2PI, stirlingCorrection } from './log-gamma.ts';
import type { Rng } from './random.ts';

// The part of log(x^a (1 - x)^b / B(a, b)) that depends on the shapes alone, from Stirling's
// form of B: (1/2) log(ab / (2π(a + b))) - δ(a) - δ(b) + δ(a + b).
function shapeTerm(a: number, b: number): number {
  return (
    0.5 * (Math.log(a) + Math.log(b) - Math.log(a + b)) -
    HALF_LOG_2PI -
    stirlingCorrection(a) -
    stirlingCorrection(b) +
    stirlingCorrection(a + b)
  );
}

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split of a double into two halves

// x^a (1 - x)^b / B(a, b), the factor in front of the continued fraction, given shapeTerm.
// Near the mean it is a log1p(d / a) + b log1p(-d / b) + shapeTerm in the distance
// d = x(a + b) - a, computed exactly (two-sum, two-product): the direct a log x + b log(1 - x)
// - log B cancels terms near 1e5 for shapes near 1e5, leaving only about 1e-11 of accuracy.
function powerTerms(x: number, a: number, b: number, shape: number): number {
  const c = a + b;
  const cVirtualB = c - a;
  const cError = a - (c - cVirtualB) + (b - cVirtualB);
  let split = SPLITTER * x;
  const xHigh = split - (split - x);
  const xLow = x - xHigh;
  split = SPLITTER * c;
  const cHigh = split - (split - c);
  const cLow = c - cHigh;
  const product = x * c;
  const productError = xHigh * cHigh - product + xHigh * cLow + xLow * cHigh + xLow * cLow;
  const d = product - a + (productError + x * cError);
  if (Math.abs(d) < 0.5 * Math.min(a, b)) {
    return Math.exp(a * Math.log1p(d / a) + b * Math.log1p(-d / b) + shape);
  }
  return Math.exp(
    a * (Math.log(x) + Math.log1p(b / a)) + b * (Math.log1p(-x) + Math.log1p(a / b)) + shape,
  );
}

const TINY = 1e-300;
const EPSILON = 1e-16;
const MAX_FRACTION_TERMS = 100_000;

// The continued fraction of I_x(a, b) by the modified Lentz method (Numerical Recipes
// betacf); it converges fast for x < (a + 1) / (a + b + 2).
function betaFraction(x: number, a: number, b: number): number {
  const sum = a + b;
  let c = 1;
  let d = 1 - (sum * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_FRACTION_TERMS; m++) {
    const m2 = 2 * m;
    let term = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    term = (-(a + m) * (sum + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + term * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + term / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

// I_x(a, b) for 0 < x < 1, given the power terms of x.
function regularizedBeta(x: number, a: number, b: number, front: number): number {
  if (x * (a + b + 2) < a + 1) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

function checkShapes(a: number, b: number): void {
  if (!(a > 0 && a < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`a must be a finite number > 0, got ${String(a)}`);
  }
  if (!(b > 0 && b < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`b must be a finite number > 0, got ${String(b)}`);
  }
}

/**
 * P(X <= x) for X ~ Beta(a, b): the regularized incomplete beta function I_x(a, b), by the
 * continued fraction (modified Lentz) on whichever side of the mean converges fast. Absolute
 * error below 1e-12 against 60-digit references, tails, tiny shapes and shapes up to
 * (1e5, 1e6) included. x outside [0, 1] gives 0 or 1.
 *
 * @throws RangeError when `x` is NaN or `a` or `b` is not a finite number > 0.
 *
 * @example
 * betaCdf(0.25, 1, 1); // 0.25: the uniform distribution
 * betaCdf(0.1, 1 + 3, 1 + 97); // 0.9928…: an arm with 3 clicks in 100 views is below 10%
 */
export function betaCdf(x: number, a: number, b: number): number {
  checkShapes(a, b);
  if (Number.isNaN(x)) throw new RangeError('x must be a number, got NaN');
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return regularizedBeta(x, a, b, powerTerms(x, a, b, shapeTerm(a, b)));
}

// The x in (0, 1/2] with I_x(a, b) = p: Halley's method (Numerical Recipes invbetai) from a
// close first guess, inside a shrinking bracket, with bisection (geometric across orders of
// magnitude) when a step would leave the bracket or fails to halve (Halley can creep when
// the density changes by orders of magnitude across the bracket).
function solveBelowHalf(p: number, a: number, b: number, shape: number): number {
  let low = 0;
  let high = 0.5000000000000001; // the double after 1/2, so that 1/2 itself can be the answer
  // A guess that underflows to 0 means a quantile near the smallest double: try that first.
  let x = Math.min(firstGuess(p, a, b), 0.5) || Number.MIN_VALUE;
  let previousStep = high;
  for (let iteration = 0; iteration < 200; iteration++) {
    if (!(x > low && x < high)) {
      const floor = Math.max(low, Number.MIN_VALUE);
      if (high <= 4 * floor) x = low === 0 ? Number.MIN_VALUE : (low + high) / 2;
      else x = Math.sqrt(floor) * Math.sqrt(high);
    }
    const front = powerTerms(x, a, b, shape);
    const error = regularizedBeta(x, a, b, front) - p;
    if (error === 0) return x;
    // Already above p at the smallest double: the quantile rounds to 0 (tiny shapes).
    if (error > 0 && x === Number.MIN_VALUE) return 0;
    if (error < 0) low = x;
    else high = x;
    if (!(high > low * (1 + 4 * Number.EPSILON))) return x;
    const newton = (error * x * (1 - x)) / front;
    const step = newton / (1 - 0.5 * Math.min(1, newton * ((a - 1) / x - (b - 1) / (1 - x))));
    const next = x - step;
    // Halley converges cubically: after a Newton step this small, next is exact to rounding
    // (the CDF's own few ulps of noise would keep smaller steps from ever settling).
    if (Math.abs(newton) <= 1e-10 * x) return Math.min(Math.max(next, low), high, 0.5);
    if (Math.abs(step) > 0.5 * Math.abs(previousStep)) {
      x = Number.NaN; // bisect
      previousStep = 0.5 * (high - low);
    } else {
      x = next;
      previousStep = step;
    }
  }
  return Math.min((low + high) / 2, 0.5);
}

// The p-quantile of Beta(a, b), given both tails exactly: p = P(X <= x) and q = P(X > x).
// It is solved on the side of 1/2 where it lies, where doubles are dense and the CDF has no
// cancellation: I_x(a, b) = p below 1/2, I_(1 - x)(b, a) = q above.
function quantile(p: number, q: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (q <= 0) return 1;
  const shape = shapeTerm(a, b);
  // The median is below 1/2 exactly when a < b, which settles most calls without a CDF.
  const below =
    a <= b && p <= 0.5
      ? true
      : a >= b && p >= 0.5
        ? false
        : p <= regularizedBeta(0.5, a, b, powerTerms(0.5, a, b, shape));
  return below ? solveBelowHalf(p, a, b, shape) : 1 - solveBelowHalf(q, b, a, shape);
}

function firstGuess(p: number, a: number, b: number): number {
  if (a >= 1 && b >= 1) {
    // Normal approximation (Abramowitz & Stegun 26.2.22 and 26.5.22).
    const t = Math.sqrt(-2 * Math.log(p));
    // y: the standard normal deviate with upper tail p.
    const y = t - (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481));
    const lambda = (y * y - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w =
      (y * Math.sqrt(lambda + h)) / h -
      (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5 / 6 - 2 / (3 * h));
    return a / (a + b * Math.exp(2 * w));
  }
  // From the power-law behaviour of the CDF near 0 and near 1.
  const lnA = Math.log(a / (a + b));
  const lnB = Math.log(b / (a + b));
  const t = Math.exp(a * lnA) / a;
  const u = Math.exp(b * lnB) / b;
  const w = t + u;
  if (p < t / w) return (a * w * p) ** (1 / a);
  return 1 - (b * w * (1 - p)) ** (1 / b);
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${String(p)}`);
}

/**
 * The p-quantile of Beta(a, b), the inverse of {@link betaCdf}: Halley's method from a close
 * first guess with a bisection safeguard, a few microseconds for typical shapes. Accurate to
 * the resolution of doubles: where the quantile is closer to 1 than doubles can tell apart
 * (tiny shapes), the nearest double is returned.
 *
 * @throws RangeError when `p` is not in [0, 1] or `a` or `b` is not a finite number > 0.
 *
 * @example
 * betaQuantile(0.5, 2, 2); // 0.5
 * betaQuantile(0.975, 1 + 3, 1 + 97); // 0.0844…: the upper end of the 95% interval
 */
export function betaQuantile(p: number, a: number, b: number): number {
  checkShapes(a, b);
  checkProbability('p', p);
  return quantile(p, 1 - p, a, b);
}

/**
 * The equal-tailed credible interval of Beta(a, b): the (1 - level) / 2 and (1 + level) / 2
 * quantiles. Symmetric shapes give an interval symmetric about 1/2 to the last bit.
 *
 * @param level - the interval's probability mass, in (0, 1); 0.95 by default.
 * @throws RangeError when `level` is not in (0, 1) or a shape is not a finite number > 0.
 *
 * @example
 * betaInterval(1 + 3, 1 + 97); // [0.0109…, 0.0844…]
 * betaInterval(1, 1, 0.5); // [0.25, 0.75]
 */
export function betaInterval(a: number, b: number, level = 0.95): [number, number] {
  checkShapes(a, b);
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`level must be in (0, 1), got ${String(level)}`);
  }
  const tail = (1 - level) / 2;
  return [quantile(tail, 1 - tail, a, b), quantile(1 - tail, tail, a, b)];
}

/**
 * The mean of Beta(a, b), a / (a + b): an arm's expected success rate.
 *
 * @throws RangeError when `a` or `b` is not a finite number > 0.
 *
 * @example
 * betaMean(1 + 3, 1 + 97); // 0.0392…
 */
export function betaMean(a: number, b: number): number {
  checkShapes(a, b);
  return a / (a + b);
}

/**
 * The variance of Beta(a, b), ab / ((a + b)² (a + b + 1)).
 *
 * @throws RangeError when `a` or `b` is not a finite number > 0.
 *
 * @example
 * betaVariance(1, 1); // 0.08333… = 1/12, the uniform distribution's
 */
export function betaVariance(a: number, b: number): number {
  checkShapes(a, b);
  const sum = a + b;
  return ((a / sum) * (b / sum)) / (sum + 1);
}

/**
 * For each arm, the probability that its success rate is the highest, by Monte Carlo: `draws`
 * rounds of one {@link sampleBeta} per arm, a win to the largest (split evenly on a tie). The
 * result sums to 1, up to rounding; no arms give `[]`.
 *
 * @param draws - the number of Monte Carlo rounds, a positive integer; 4000 by default, for a
 *   standard error below 0.008.
 * @throws RangeError when `draws` is not a positive integer or a shape is not a finite
 *   number > 0.
 *
 * @example
 * probabilityOfBeingBest(
 *   [
 *     { alpha: 1 + 30, beta: 1 + 70 },
 *     { alpha: 1 + 20, beta: 1 + 80 },
 *   ],
 *   createRng(1),
 * ); // about [0.95, 0.05]
 */
export function probabilityOfBeingBest(
  params: ReadonlyArray<{ alpha: number; beta: number }>,
  rng: Rng,
  draws = 4000,
): number[] {
  if (!(Number.isInteger(draws) && draws > 0)) {
    throw new RangeError(`draws must be a positive integer, got ${String(draws)}`);
  }
  const arms = params.length;
  params.forEach(({ alpha, beta }, i) => {
    if (!(alpha > 0 && alpha < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`params[${i}].alpha must be a finite number > 0, got ${String(alpha)}`);
    }
    if (!(beta > 0 && beta < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`params[${i}].beta must be a finite number > 0, got ${String(beta)}`);
    }
  });
  const wins = new Float64Array(arms);
  const theta = new Float64Array(arms);
  for (let round = 0; round < draws; round++) {
    let best = Number.NEGATIVE_INFINITY;
    let leader = 0;
    let ties = 0;
    for (let i = 0; i < arms; i++) {
      const arm = params[i]!;
      const value = sampleBeta(rng, arm.alpha, arm.beta);
      theta[i] = value;
      if (value > best) {
        best = value;
        leader = i;
        ties = 1;
      } else if (value === best) {
        ties += 1;
      }
    }
    if (ties === 1) {
      wins[leader]! += 1;
    } else {
      for (let i = 0; i < arms; i++) if (theta[i] === best) wins[i]! += 1 / ties;
    }
  }
  return Array.from(wins, (count) => count / draws);
}
