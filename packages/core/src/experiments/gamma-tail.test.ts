import { describe, expect, it } from 'vitest';
import { chiSquareTail, normalTwoSided } from './gamma-tail.ts';

// Independent references: even degrees of freedom in closed form (a Poisson sum), odd ones
// by Simpson's rule on the chi-square density, which needs no gamma function beyond √π.
function evenTail(x: number, df: number): number {
  let term = 1;
  let sum = 1;
  for (let i = 1; i < df / 2; i++) {
    term *= x / 2 / i;
    sum += term;
  }
  return Math.exp(-x / 2) * sum;
}

function oddTail(x: number, df: number): number {
  // Γ(df / 2) for odd df: √π (1/2)(3/2)…((df - 2)/2)
  let gamma = Math.sqrt(Math.PI);
  for (let k = 0.5; k < df / 2 - 0.25; k++) gamma *= k;
  // In u = √t the integrand 2u f(u²) = 2 u^(df-1) e^(-u²/2) / (2^(df/2) Γ(df/2)) is smooth.
  const integrand = (u: number) =>
    (2 * u ** (df - 1) * Math.exp(-(u * u) / 2)) / (2 ** (df / 2) * gamma);
  const start = Math.sqrt(x);
  const end = start + 40;
  const steps = 200_000;
  const h = (end - start) / steps;
  let sum = integrand(start) + integrand(end);
  for (let i = 1; i < steps; i++) sum += (i % 2 === 1 ? 4 : 2) * integrand(start + i * h);
  return (sum * h) / 3;
}

describe('chiSquareTail', () => {
  it.each([
    [0.5, 2],
    [3, 2],
    [40, 2],
    [2, 4],
    [9.5, 4],
    [1, 10],
    [18.3, 10],
    [60, 10],
    [5, 20],
    [30, 38],
    [120, 38],
  ])('matches the closed form at x = %d with %i degrees of freedom', (x, df) => {
    const expected = evenTail(x, df);
    expect(Math.abs(chiSquareTail(x, df) - expected)).toBeLessThan(1e-13 + 1e-12 * expected);
  });

  it.each([
    [0.01, 1],
    [0.5, 1],
    [3.84, 1],
    [10.83, 1],
    [30, 1],
    [1, 3],
    [7.8, 3],
    [2, 19],
    [36, 19],
  ])('matches numerical integration at x = %d with %i degrees of freedom', (x, df) => {
    const expected = oddTail(x, df);
    expect(Math.abs(chiSquareTail(x, df) - expected)).toBeLessThan(1e-13 + 1e-11 * expected);
  });

  // Critical values from R (qchisq), as printed in chi-square tables such as NIST/SEMATECH's
  // e-Handbook of Statistical Methods, section 1.3.6.7.4.
  it.each([
    [3.841459, 1, 0.05],
    [6.634897, 1, 0.01],
    [10.827566, 1, 0.001],
    [5.991465, 2, 0.05],
    [7.814728, 3, 0.05],
    [9.487729, 4, 0.05],
    [11.070498, 5, 0.05],
    [18.307038, 10, 0.05],
    [36.190869, 19, 0.01],
  ])('gives the tabulated tail at the critical value %d (df %i): %d', (x, df, tail) => {
    expect(chiSquareTail(x, df)).toBeCloseTo(tail, 6);
  });

  it('gives pchisq(10.83, 1, lower.tail = FALSE) ≈ 0.001, as R', () => {
    expect(chiSquareTail(10.83, 1)).toBeCloseTo(0.000999, 6);
  });

  it('keeps its relative accuracy far in the tail', () => {
    expect(chiSquareTail(400, 2) / Math.exp(-200) - 1).toBeLessThan(1e-12);
    expect(chiSquareTail(0, 3)).toBe(1);
  });
});

describe('normalTwoSided', () => {
  it('gives the familiar two-sided normal p-values', () => {
    expect(normalTwoSided(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(normalTwoSided(-2.5758293035489)).toBeCloseTo(0.01, 14);
    expect(normalTwoSided(0)).toBe(1);
  });
});
