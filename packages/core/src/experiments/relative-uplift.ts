import type { Counts } from '../prior.ts';
import { checkCounts, checkUnit } from './check-counts.ts';
import { cdf, density, integrate, type Posterior, posteriorOf } from './posterior-grid.ts';

/** The posterior of the relative uplift p_variant / p_control - 1. */
export interface Uplift {
  /** The posterior mean; Infinity while the control has no conversion (E[1 / p] diverges). */
  readonly mean: number;
  /** The equal-tailed credible interval's lower end. */
  readonly lower: number;
  /** The equal-tailed credible interval's upper end. */
  readonly upper: number;
  readonly level: number;
}

function edge(p: Posterior, last: boolean): number {
  return p.breaks[last ? p.breaks.length - 1 : 0]!;
}

// P(R <= r) for R = p_v / p_c: ∫ f_c(x) F_v(rx) dx, with the variant's breaks mapped by 1/r
// so the quadrature also resolves the step of F_v(rx).
function ratioCdf(c: Posterior, v: Posterior, r: number): number {
  return integrate(
    (x) => {
      const value = density(c, x);
      return value > 0 ? value * cdf(v, r * x) : 0;
    },
    edge(c, false),
    edge(c, true),
    [...c.breaks, ...v.breaks.map((x) => x / r)],
  );
}

// The density of R: ∫ x f_c(x) f_v(rx) dx.
function ratioDensity(c: Posterior, v: Posterior, r: number): number {
  return integrate((x) => x * density(c, x) * density(v, r * x), edge(c, false), edge(c, true), [
    ...c.breaks,
    ...v.breaks.map((x) => x / r),
  ]);
}

// The r with P(R <= r) = p: Newton's method in log r from the delta-method guess, inside
// a bracket that starts at the support's ends, bisecting whenever Newton would leave it.
function ratioQuantile(c: Posterior, v: Posterior, p: number, guess: number): number {
  let low = Math.log(edge(v, false) / edge(c, true));
  let high = Math.log(edge(v, true) / edge(c, false));
  let u = Math.min(Math.max(guess, low), high);
  for (let iteration = 0; iteration < 100; iteration++) {
    const r = Math.exp(u);
    const error = ratioCdf(c, v, r) - p;
    if (error < 0) low = u;
    else high = u;
    const slope = r * ratioDensity(c, v, r);
    let next = slope > 0 ? u - error / slope : Number.NaN;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - u) < 1e-11 || high - low < 1e-11) return Math.exp(next);
    u = next;
  }
  return Math.exp(u);
}

/**
 * The posterior of the relative uplift p_variant / p_control - 1 with Beta(1 + s, 1 + f)
 * posteriors (uniform priors): its mean, exact, E[p_v] E[1 / p_c] - 1 =
 * (a_v / (a_v + b_v)) (a_c + b_c - 1) / (a_c - 1) - 1, and its equal-tailed credible
 * interval, from the exact quantiles of the ratio's distribution, computed numerically
 * (P(R <= r) = ∫ f_c(x) F_v(rx) dx by Gauss–Legendre quadrature, solved for r by Newton's
 * method started from the delta method on log R). No normal approximation: the interval is
 * right for 3 conversions as for 3 million, to about 1e-8.
 *
 * @param level - the interval's probability, in (0, 1); 0.95 by default.
 * @throws CrowdbanditError when a count is negative, NaN or infinite or `level` is not in
 *   (0, 1).
 *
 * @example
 * relativeUplift({ s: 120, f: 880 }, { s: 150, f: 850 });
 * // ≈ { mean: 0.257, lower: 0.0001, upper: 0.563, level: 0.95 }: +26% on average
 */
export function relativeUplift(control: Counts, variant: Counts, level = 0.95): Uplift {
  checkCounts(control, 'control');
  checkCounts(variant, 'variant');
  checkUnit(level, 'level');
  const c = posteriorOf(control);
  const v = posteriorOf(variant);
  const meanC = c.a / (c.a + c.b);
  const meanV = v.a / (v.a + v.b);
  const mean = c.a > 1 ? (meanV * (c.a + c.b - 1)) / (c.a - 1) - 1 : Number.POSITIVE_INFINITY;
  // Var(log p) ≈ Var(p) / E[p]² = b / (a (a + b + 1)): the starting point only.
  const spread = Math.sqrt(v.b / (v.a * (v.a + v.b + 1)) + c.b / (c.a * (c.a + c.b + 1)));
  const z = normalQuantile((1 + level) / 2);
  const center = Math.log(meanV / meanC);
  const lower = ratioQuantile(c, v, (1 - level) / 2, center - z * spread);
  const upper = ratioQuantile(c, v, (1 + level) / 2, center + z * spread);
  return { mean, lower: lower - 1, upper: upper - 1, level };
}

// A standard normal quantile good to about 4.5e-4 (Abramowitz & Stegun 26.2.23): only a
// starting point for Newton's method.
function normalQuantile(p: number): number {
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const x =
    t -
    (2.515517 + t * (0.802853 + t * 0.010328)) /
      (1 + t * (1.432788 + t * (0.189269 + t * 0.001308)));
  return p < 0.5 ? -x : x;
}
