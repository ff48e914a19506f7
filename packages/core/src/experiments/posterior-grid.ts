// Internal: Beta(1 + s, 1 + f) posteriors of conversion counts, and Gauss–Legendre
// quadrature over the stretch of [0, 1] where they have mass.
import { betaCdf, betaQuantile } from '../beta-distribution.ts';
import { HALF_LOG_2PI, stirlingCorrection } from '../log-gamma.ts';
import type { Counts } from '../prior.ts';

/** A Beta(a, b) posterior with the quantiles its quadrature breaks at. */
export interface Posterior {
  readonly a: number;
  readonly b: number;
  /** log of the density's constant, net of the shape terms kept near the mean (see density). */
  readonly constant: number;
  /** Quantiles at BREAK_LEVELS: the first and last bound the mass to within 1e-12. */
  readonly breaks: readonly number[];
}

// Quantile levels that split each posterior into pieces over which its density and CDF are
// smooth enough for a 16-point rule. The outer ones are not ±k sd: skewed posteriors
// (0 conversions in 10^6 users) keep e^-13 of their mass beyond mean + 12 sd.
const BREAK_LEVELS = [
  1e-12,
  1e-8,
  1e-5,
  1e-3,
  0.02,
  0.1,
  0.3,
  0.5,
  0.7,
  0.9,
  0.98,
  0.999,
  1 - 1e-5,
  1 - 1e-8,
  1 - 1e-12,
];

/** The Beta(1 + s, 1 + f) posterior of counts, from a uniform prior. */
export function posteriorOf(counts: Counts): Posterior {
  const a = 1 + counts.s;
  const b = 1 + counts.f;
  const constant =
    1.5 * Math.log(a + b) -
    0.5 * (Math.log(a) + Math.log(b)) -
    HALF_LOG_2PI -
    stirlingCorrection(a) -
    stirlingCorrection(b) +
    stirlingCorrection(a + b);
  return { a, b, constant, breaks: BREAK_LEVELS.map((level) => betaQuantile(level, a, b)) };
}

/**
 * The posterior density at x in (0, 1). Written around the mean, with d = x(a + b) - a, as
 * (a - 1) log1p(d / a) + (b - 1) log1p(-d / b) + constant (Stirling's form of log B(a, b)):
 * the direct (a - 1) log x + (b - 1) log(1 - x) - log B(a, b) cancels terms near 10^7 for
 * a million users and keeps only about 1e-9 of relative accuracy.
 */
export function density(p: Posterior, x: number): number {
  const d = x * (p.a + p.b) - p.a;
  const left = p.a === 1 ? 0 : (p.a - 1) * Math.log1p(d / p.a);
  const right = p.b === 1 ? 0 : (p.b - 1) * Math.log1p(-d / p.b);
  return Math.exp(left + right + p.constant);
}

/** P(p <= x), exactly 0 or 1 beyond the outer breaks (an error below 1e-12). */
export function cdf(p: Posterior, x: number): number {
  if (x <= p.breaks[0]!) return 0;
  if (x >= p.breaks[p.breaks.length - 1]!) return 1;
  return betaCdf(x, p.a, p.b);
}

/** The lowest point where any of the posteriors has mass. */
export function lowest(posteriors: readonly Posterior[]): number {
  return Math.min(...posteriors.map((p) => p.breaks[0]!));
}

/** The highest point where any of the posteriors has mass. */
export function highest(posteriors: readonly Posterior[]): number {
  return Math.max(...posteriors.map((p) => p.breaks[p.breaks.length - 1]!));
}

const ORDER = 16;
let rule: { nodes: Float64Array; weights: Float64Array } | undefined;

// Gauss–Legendre nodes and weights on [-1, 1] by Newton's method on P_n (Numerical
// Recipes gauleg), computed on first use.
function legendreRule(): { nodes: Float64Array; weights: Float64Array } {
  if (rule) return rule;
  const nodes = new Float64Array(ORDER);
  const weights = new Float64Array(ORDER);
  for (let i = 0; i < (ORDER + 1) / 2; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (ORDER + 0.5));
    let derivative = 0;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 1; j <= ORDER; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
      }
      derivative = (ORDER * (z * p1 - p2)) / (z * z - 1);
      const previous = z;
      z = previous - p1 / derivative;
      if (Math.abs(z - previous) < 1e-15) break;
    }
    nodes[i] = -z;
    nodes[ORDER - 1 - i] = z;
    weights[i] = 2 / ((1 - z * z) * derivative * derivative);
    weights[ORDER - 1 - i] = weights[i]!;
  }
  rule = { nodes, weights };
  return rule;
}

/**
 * ∫ f over [low, high] by a 16-point Gauss–Legendre rule on each piece between the sorted,
 * distinct points of `breaks` that fall inside.
 */
export function integrate(
  f: (x: number) => number,
  low: number,
  high: number,
  breaks: Iterable<number>,
): number {
  if (!(high > low)) return 0;
  const points = [low, high];
  for (const point of breaks) if (point > low && point < high) points.push(point);
  points.sort((x, y) => x - y);
  const { nodes, weights } = legendreRule();
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const left = points[i - 1]!;
    const half = (points[i]! - left) / 2;
    if (half === 0) continue;
    const middle = left + half;
    let piece = 0;
    for (let k = 0; k < ORDER; k++) piece += weights[k]! * f(middle + half * nodes[k]!);
    total += half * piece;
  }
  return total;
}

/** Every break of every posterior. */
export function allBreaks(posteriors: readonly Posterior[]): number[] {
  return posteriors.flatMap((p) => p.breaks);
}
