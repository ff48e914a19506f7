// Internal: the regularized upper incomplete gamma function, for chi-square and normal tails.
import { logGamma } from '../log-gamma.ts';

const EPSILON = 1e-16;
const TINY = 1e-300;
const MAX_TERMS = 10_000;

/**
 * Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x >= 0 (Numerical Recipes gammq): the series for P
 * below x = a + 1, where it converges fast and Q is not small, and the continued fraction
 * for Q itself above, so small tails keep their relative accuracy (about 1e-14).
 */
export function upperGamma(a: number, x: number): number {
  if (!(x > 0)) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const front = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_TERMS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.max(0, 1 - sum * front);
  }
  // Modified Lentz on Q's continued fraction.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return front * h;
}

/** P(X > x) for X chi-square with `df` degrees of freedom. */
export function chiSquareTail(x: number, df: number): number {
  return upperGamma(df / 2, x / 2);
}

/** P(|Z| >= |z|) for a standard normal Z: erfc(|z| / √2) = Q(1/2, z² / 2). */
export function normalTwoSided(z: number): number {
  return upperGamma(0.5, (z * z) / 2);
}
