import referenceBetaCdf from '@stdlib/stats-base-dists-beta-cdf';
import jStatUntyped from 'jstat';
import { describe, expect, it } from 'vitest';
import { isCrowdbanditError } from '../errors.ts';
import type { Counts } from '../prior.ts';
import { chanceToBeatControl } from './chance-to-beat-control.ts';

// jStat's typings in this repo (bench/peers.d.ts) declare only what the benchmarks use.
const jStat = jStatUntyped as unknown as {
  betaln(a: number, b: number): number;
  beta: { pdf(x: number, a: number, b: number): number };
};

// Evan Miller's exact sum for integer shapes ("Formulas for Bayesian A/B Testing", 2015):
// P(p_B > p_A) = Σ_{i=0}^{α_B-1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A)).
function evanMiller(control: Counts, variant: Counts): number {
  const [aA, bA, aB, bB] = [1 + control.s, 1 + control.f, 1 + variant.s, 1 + variant.f];
  let total = 0;
  for (let i = 0; i < aB; i++) {
    total += Math.exp(
      jStat.betaln(aA + i, bB + bA) -
        Math.log(bB + i) -
        jStat.betaln(1 + i, bB) -
        jStat.betaln(aA, bA),
    );
  }
  return total;
}

// A fine midpoint rule over ±40 sd of the narrower posterior, with Boost's incomplete beta
// (via @stdlib) for the other one's CDF and jStat's density.
function fineGrid(control: Counts, variant: Counts): number {
  const shapes = [control, variant].map(({ s, f }) => {
    const a = 1 + s;
    const b = 1 + f;
    const mean = a / (a + b);
    return { a, b, mean, sd: Math.sqrt((mean * (1 - mean)) / (a + b + 1)) };
  });
  const [A, B] = shapes as [(typeof shapes)[0], (typeof shapes)[0]];
  // Integrate against the narrower density: P(B > A) = ∫ f_B F_A = ∫ f_A (1 - F_B).
  const overB = B.sd <= A.sd;
  const narrow = overB ? B : A;
  const wide = overB ? A : B;
  const low = Math.max(0, narrow.mean - 40 * narrow.sd);
  const high = Math.min(1, narrow.mean + 40 * narrow.sd);
  const steps = 50_000;
  const h = (high - low) / steps;
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const x = low + (i + 0.5) * h;
    const other = referenceBetaCdf(x, wide.a, wide.b);
    total += jStat.beta.pdf(x, narrow.a, narrow.b) * (overB ? other : 1 - other);
  }
  return total * h;
}

const pairs: [Counts, Counts][] = [
  [
    { s: 0, f: 0 },
    { s: 0, f: 0 },
  ],
  [
    { s: 0, f: 10 },
    { s: 2, f: 8 },
  ],
  [
    { s: 10, f: 90 },
    { s: 15, f: 85 },
  ],
  [
    { s: 120, f: 880 },
    { s: 150, f: 850 },
  ],
  [
    { s: 1000, f: 99_000 },
    { s: 1100, f: 98_900 },
  ],
  [
    { s: 0, f: 1_000_000 },
    { s: 5, f: 999_995 },
  ],
  [
    { s: 300, f: 700 },
    { s: 250, f: 750 },
  ],
];

const widePairs: [Counts, Counts][] = [
  [
    { s: 3, f: 20 },
    { s: 5000, f: 95_000 },
  ],
  [
    { s: 500_000, f: 500_000 },
    { s: 500_500, f: 499_500 },
  ],
  [
    { s: 50_000, f: 950_000 },
    { s: 52, f: 948 },
  ],
  [
    { s: 999_990, f: 10 },
    { s: 1_000_000, f: 0 },
  ],
];

describe('chanceToBeatControl', () => {
  it.each(pairs)('matches Evan Miller’s exact sum for %o vs %o within 1e-8', (control, variant) => {
    expect(
      Math.abs(chanceToBeatControl(control, variant) - evanMiller(control, variant)),
    ).toBeLessThan(1e-8);
  });

  it.each([...pairs, ...widePairs])(
    'matches a fine-grid integration for %o vs %o within 1e-7',
    (control, variant) => {
      expect(
        Math.abs(chanceToBeatControl(control, variant) - fineGrid(control, variant)),
      ).toBeLessThan(1e-7);
    },
  );

  it('is ½ for equal counts and complements when the arms swap', () => {
    expect(chanceToBeatControl({ s: 7, f: 93 }, { s: 7, f: 93 })).toBeCloseTo(0.5, 10);
    const forward = chanceToBeatControl({ s: 40, f: 960 }, { s: 55, f: 945 });
    const backward = chanceToBeatControl({ s: 55, f: 945 }, { s: 40, f: 960 });
    expect(forward + backward).toBeCloseTo(1, 10);
  });

  it('refuses negative, NaN and missing counts, naming the field', () => {
    for (const [bad, field] of [
      [{ s: -1, f: 3 }, 'variant.s'],
      [{ s: 1, f: Number.NaN }, 'variant.f'],
      [{ s: 1 }, 'variant.f'],
      [null, 'variant'],
    ] as const) {
      try {
        chanceToBeatControl({ s: 1, f: 1 }, bad as unknown as Counts);
        expect.unreachable();
      } catch (error) {
        expect(isCrowdbanditError(error) && error.field).toBe(field);
      }
    }
  });
});
