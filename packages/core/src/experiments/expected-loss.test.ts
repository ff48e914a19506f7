import referenceBetaCdf from '@stdlib/stats-base-dists-beta-cdf';
import jStatUntyped from 'jstat';
import { describe, expect, it } from 'vitest';
import { sampleBeta } from '../beta.ts';
import { isCrowdbanditError } from '../errors.ts';
import type { Counts } from '../prior.ts';
import { createRng } from '../random.ts';
import { expectedLoss } from './expected-loss.ts';

// jStat's typings in this repo (bench/peers.d.ts) declare only what the benchmarks use.
const jStat = jStatUntyped as unknown as {
  betaln(a: number, b: number): number;
  beta: { pdf(x: number, a: number, b: number): number };
};

interface Shape {
  a: number;
  b: number;
  mean: number;
  sd: number;
}

function shapeOf({ s, f }: Counts): Shape {
  const a = 1 + s;
  const b = 1 + f;
  const mean = a / (a + b);
  return { a, b, mean, sd: Math.sqrt((mean * (1 - mean)) / (a + b + 1)) };
}

// E[max(p_B - p_A, 0)] by a fine midpoint rule over the narrower posterior, with the other
// one's partial expectation in closed form from Boost's incomplete beta (via @stdlib):
// E[(Y - x)+] = m (1 - I_x(a + 1, b)) - x (1 - I_x(a, b)), E[(x - X)+] = x I_x(a, b) - m I_x(a + 1, b).
function referenceLoss(control: Counts, variant: Counts): number {
  const A = shapeOf(control);
  const B = shapeOf(variant);
  const overA = A.sd <= B.sd;
  const narrow = overA ? A : B;
  const low = Math.max(0, narrow.mean - 40 * narrow.sd);
  const high = Math.min(1, narrow.mean + 40 * narrow.sd);
  const steps = 20_000;
  const h = (high - low) / steps;
  let total = 0;
  for (let i = 0; i < steps; i++) {
    const x = low + (i + 0.5) * h;
    const inner = overA
      ? B.mean * (1 - referenceBetaCdf(x, B.a + 1, B.b)) - x * (1 - referenceBetaCdf(x, B.a, B.b))
      : x * referenceBetaCdf(x, A.a, A.b) - A.mean * referenceBetaCdf(x, A.a + 1, A.b);
    total += jStat.beta.pdf(x, narrow.a, narrow.b) * inner;
  }
  return total * h;
}

const pairs: [Counts, Counts][] = [
  [
    { s: 0, f: 0 },
    { s: 0, f: 0 },
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
    { s: 3, f: 20 },
    { s: 5000, f: 95_000 },
  ],
  [
    { s: 500_000, f: 500_000 },
    { s: 500_500, f: 499_500 },
  ],
];

describe('expectedLoss', () => {
  it('is 1/6 for both arms with no data: E[max(U1, U2)] - 1/2 = 2/3 - 1/2', () => {
    const [a, b] = expectedLoss([
      { s: 0, f: 0 },
      { s: 0, f: 0 },
    ]);
    expect(a).toBeCloseTo(1 / 6, 11);
    expect(b).toBeCloseTo(1 / 6, 11);
  });

  it.each(pairs)(
    'matches E[max(p_B - p_A, 0)] and E[max(p_A - p_B, 0)] of a fine-grid integration for %o vs %o within 1e-9',
    (control, variant) => {
      const [lossA, lossB] = expectedLoss([control, variant]) as [number, number];
      expect(Math.abs(lossA - referenceLoss(control, variant))).toBeLessThan(1e-9);
      expect(Math.abs(lossB - referenceLoss(variant, control))).toBeLessThan(1e-9);
      // The two losses differ by exactly the difference in posterior means.
      expect(lossA - lossB).toBeCloseTo(shapeOf(variant).mean - shapeOf(control).mean, 12);
    },
  );

  it('matches a seeded Monte Carlo of E[max_j p_j - p_i] for three arms within 5 standard errors', () => {
    const arms: Counts[] = [
      { s: 40, f: 460 },
      { s: 52, f: 448 },
      { s: 47, f: 453 },
    ];
    const losses = expectedLoss(arms);
    const rng = createRng(2024);
    const draws = 400_000;
    const sums = [0, 0, 0];
    const squares = [0, 0, 0];
    const theta = [0, 0, 0];
    for (let round = 0; round < draws; round++) {
      arms.forEach(({ s, f }, i) => {
        theta[i] = sampleBeta(rng, 1 + s, 1 + f);
      });
      const best = Math.max(...theta);
      theta.forEach((value, i) => {
        sums[i]! += best - value;
        squares[i]! += (best - value) ** 2;
      });
    }
    losses.forEach((loss, i) => {
      const mean = sums[i]! / draws;
      const standardError = Math.sqrt((squares[i]! / draws - mean * mean) / draws);
      expect(Math.abs(loss - mean)).toBeLessThan(5 * standardError);
    });
  });

  it('refuses an empty list and bad counts', () => {
    for (const arms of [[], [{ s: 1, f: -1 }]] as Counts[][]) {
      expect(() => expectedLoss(arms)).toThrow(
        expect.objectContaining({ name: 'CrowdbanditError' }),
      );
    }
    try {
      expectedLoss([
        { s: 1, f: 2 },
        { s: Number.POSITIVE_INFINITY, f: 2 },
      ]);
    } catch (error) {
      expect(isCrowdbanditError(error) && error.field).toBe('arms[1].s');
    }
  });
});
