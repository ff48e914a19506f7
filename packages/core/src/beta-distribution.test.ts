import referenceBetaCdf from '@stdlib/stats-base-dists-beta-cdf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import golden from '../test-vectors/beta-cdf.json' with { type: 'json' };
import {
  betaCdf,
  betaInterval,
  betaMean,
  betaQuantile,
  betaVariance,
  probabilityOfBeingBest,
} from './beta-distribution.ts';
import { logGamma } from './log-gamma.ts';
import { createRng } from './random.ts';

function neighbour(x: number, direction: 1 | -1): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]! += BigInt(direction);
  return new Float64Array(bits.buffer)[0]!;
}

const SHAPES: ReadonlyArray<readonly [number, number]> = [
  [1e-3, 1e-3],
  [0.01, 0.01],
  [0.1, 0.5],
  [0.5, 0.5],
  [1, 1],
  [1, 20],
  [2, 5],
  [5, 2],
  [0.5, 3],
  [31, 71],
  [50, 200],
  [200, 50],
  [5000, 20000],
  [20000, 5000],
  [1e5, 1e6],
  [0.5, 1e6],
  [1e6, 1e-3],
];

// Points across [0, 1], around the mean, and deep in both tails.
function gridFor(a: number, b: number): number[] {
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const points: number[] = [];
  for (let i = 0; i <= 200; i++) {
    const u = i / 200;
    points.push(u, mean + (u - 0.5) * 16 * sd, u ** 8, 1 - u ** 8);
  }
  // Above 1 - 1e-12 the reference itself drifts (2.8e-9 off the arcsine law at the last
  // double below 1); those points are checked against closed forms below instead.
  return points.map((x) => Math.min(Math.max(x, 0), x < 1 ? 1 - 1e-12 : 1));
}

describe('logGamma', () => {
  it('equals log((n - 1)!) at the integers', () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(logGamma(n)).toBeCloseTo(logFactorial, 12);
      logFactorial += Math.log(n);
    }
  });

  it('equals log((2n)! sqrt(pi) / (4^n n!)) at the half-integers', () => {
    let logValue = 0.5 * Math.log(Math.PI);
    for (let n = 0; n <= 100; n++) {
      expect(Math.abs(logGamma(n + 0.5) - logValue)).toBeLessThan(1e-14 * Math.max(1, logValue));
      logValue += Math.log(n + 0.5);
    }
  });

  it('satisfies logGamma(x + 1) = logGamma(x) + log(x)', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 6, noNaN: true }), (exponent) => {
        const x = 10 ** exponent;
        const tolerance = 1e-14 * Math.max(1, Math.abs(logGamma(x + 1)));
        expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(tolerance);
      }),
    );
  });

  it('reflects below 1/2 and is infinite at the poles', () => {
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    expect(logGamma(1e-300)).toBeCloseTo(300 * Math.LN10, 10);
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(logGamma(-3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('betaCdf', () => {
  it.each(SHAPES)(
    "agrees with Boost's ibeta (via @stdlib) within 1e-9 over a grid for (%d, %d)",
    (a, b) => {
      let worst = 0;
      for (const x of gridFor(a, b)) {
        worst = Math.max(worst, Math.abs(betaCdf(x, a, b) - referenceBetaCdf(x, a, b)));
      }
      expect(worst).toBeLessThan(1e-9);
    },
  );

  it.each(golden.cases)(
    'matches the 60-digit value at x = $x for ($a, $b): $note',
    ({ x, a, b, cdf }) => {
      const value = betaCdf(x, a, b);
      expect(Math.abs(value - cdf)).toBeLessThan(1e-12);
      expect(Math.abs(value - cdf)).toBeLessThanOrEqual(1e-10 * cdf);
    },
  );

  it('follows the closed forms of Beta(a, 1), Beta(1, b) and the arcsine law, ends included', () => {
    for (const x of [1e-300, 1e-12, 0.001, 0.3, 0.7, 1 - 1e-6, 1 - 1e-12, neighbour(1, -1)]) {
      expect(betaCdf(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 14);
      expect(betaCdf(x, 1, 7)).toBeCloseTo(-Math.expm1(7 * Math.log1p(-x)), 14);
      const arcsine =
        x < 0.5
          ? (2 / Math.PI) * Math.asin(Math.sqrt(x))
          : 1 - (2 / Math.PI) * Math.asin(Math.sqrt(1 - x));
      expect(Math.abs(betaCdf(x, 0.5, 0.5) - arcsine)).toBeLessThan(1e-15);
    }
  });

  it('satisfies I_x(a, b) = 1 - I_(1-x)(b, a) and never decreases in x beyond rounding', () => {
    const shape = fc.double({ min: -2, max: 5, noNaN: true }).map((exponent) => 10 ** exponent);
    const unit = fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true });
    fc.assert(
      fc.property(shape, shape, unit, unit, (a, b, x, y) => {
        expect(Math.abs(betaCdf(x, a, b) - (1 - betaCdf(1 - x, b, a)))).toBeLessThan(1e-10);
        const [low, high] = x < y ? [x, y] : [y, x];
        // Two inputs a few ulps apart may round the other way: allow 4 ulps of the value.
        const upper = betaCdf(high, a, b);
        expect(betaCdf(low, a, b)).toBeLessThanOrEqual(upper + 4 * Number.EPSILON * upper);
      }),
    );
  });

  it('is 0 at and below 0 and 1 at and above 1', () => {
    expect(betaCdf(0, 2, 3)).toBe(0);
    expect(betaCdf(-4, 2, 3)).toBe(0);
    expect(betaCdf(1, 2, 3)).toBe(1);
    expect(betaCdf(7, 2, 3)).toBe(1);
  });

  it('rejects NaN x and invalid shapes with RangeErrors naming them', () => {
    expect(() => betaCdf(Number.NaN, 1, 1)).toThrow(/^x must be a number/);
    expect(() => betaCdf(0.5, 0, 1)).toThrow(/^a must be a finite number > 0/);
    expect(() => betaCdf(0.5, 1, Number.POSITIVE_INFINITY)).toThrow(/^b must be a finite number/);
  });
});

describe('betaQuantile', () => {
  const levels = [1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-6];

  it.each(SHAPES.filter(([a, b]) => Math.min(a, b) >= 0.5))(
    "inverts Boost's ibeta (via @stdlib) within 1e-9 for (%d, %d)",
    (a, b) => {
      for (const p of levels) {
        expect(Math.abs(referenceBetaCdf(betaQuantile(p, a, b), a, b) - p)).toBeLessThan(1e-9);
      }
    },
  );

  it.each(SHAPES)('returns the quantile to the resolution of doubles for (%d, %d)', (a, b) => {
    // Tiny shapes put quantiles closer to 1 than doubles can tell apart; then the CDF at the
    // doubles on either side of the answer must still bracket p.
    for (const p of levels) {
      const q = betaQuantile(p, a, b);
      const below = q > 0 ? betaCdf(neighbour(q, -1), a, b) : 0;
      const above = q < 1 ? betaCdf(neighbour(q, 1), a, b) : 1;
      expect(below).toBeLessThanOrEqual(p + 1e-9);
      expect(above).toBeGreaterThanOrEqual(p - 1e-9);
    }
  });

  it('brackets p between the CDF at the neighbours of its answer, for any shapes and p', () => {
    const shape = fc.double({ min: -3, max: 6, noNaN: true }).map((exponent) => 10 ** exponent);
    fc.assert(
      fc.property(shape, shape, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, p) => {
        const q = betaQuantile(p, a, b);
        expect(q > 0 ? betaCdf(neighbour(q, -1), a, b) : 0).toBeLessThanOrEqual(p + 1e-9);
        expect(q < 1 ? betaCdf(neighbour(q, 1), a, b) : 1).toBeGreaterThanOrEqual(p - 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('follows the closed forms of Beta(a, 1), Beta(1, b) and the arcsine law', () => {
    for (const p of [1e-10, 0.01, 0.2, 0.5, 0.8, 0.99]) {
      expect(betaQuantile(p, 3.5, 1)).toBeCloseTo(p ** (1 / 3.5), 13);
      expect(betaQuantile(p, 1, 7)).toBeCloseTo(-Math.expm1(Math.log1p(-p) / 7), 13);
      expect(betaQuantile(p, 0.5, 0.5)).toBeCloseTo(Math.sin((Math.PI * p) / 2) ** 2, 13);
    }
  });

  it('is 0 at p = 0 and 1 at p = 1', () => {
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects p = %d with a RangeError naming p', (p) => {
    expect(() => betaQuantile(p, 2, 3)).toThrow(/^p must be in \[0, 1\]/);
  });
});

describe('betaInterval', () => {
  it('is the 2.5% and 97.5% quantiles by default', () => {
    const [low, high] = betaInterval(4, 98);
    expect(referenceBetaCdf(low, 4, 98)).toBeCloseTo(0.025, 12);
    expect(referenceBetaCdf(high, 4, 98)).toBeCloseTo(0.975, 12);
  });

  it('is exactly symmetric about 1/2 for symmetric shapes', () => {
    for (const a of [0.3, 1, 7.5, 1000]) {
      const [low, high] = betaInterval(a, a, 0.9);
      expect(low + high).toBe(1);
    }
  });

  it('gives [0.25, 0.75] as the 50% interval of the uniform distribution', () => {
    const [low, high] = betaInterval(1, 1, 0.5);
    expect(low).toBeCloseTo(0.25, 15);
    expect(high).toBeCloseTo(0.75, 15);
  });

  it('narrows around the rate as evidence accumulates', () => {
    const [wideLow, wideHigh] = betaInterval(1 + 3, 1 + 7);
    const [narrowLow, narrowHigh] = betaInterval(1 + 300, 1 + 700);
    expect(narrowHigh - narrowLow).toBeLessThan((wideHigh - wideLow) / 5);
    expect(narrowLow).toBeLessThan(0.3);
    expect(narrowHigh).toBeGreaterThan(0.3);
  });

  it.each([0, 1, 1.5, Number.NaN])('rejects level %d with a RangeError naming level', (level) => {
    expect(() => betaInterval(2, 3, level)).toThrow(/^level must be in \(0, 1\)/);
  });
});

describe('betaMean and betaVariance', () => {
  it('give a / (a + b) and ab / ((a + b)^2 (a + b + 1))', () => {
    expect(betaMean(2, 6)).toBe(0.25);
    expect(betaVariance(1, 1)).toBeCloseTo(1 / 12, 16);
    expect(betaVariance(2, 6)).toBeCloseTo(12 / (64 * 9), 16);
  });

  it('reject invalid shapes', () => {
    expect(() => betaMean(-1, 1)).toThrow(/^a must be/);
    expect(() => betaVariance(1, Number.NaN)).toThrow(/^b must be/);
  });
});

describe('probabilityOfBeingBest', () => {
  it('returns [] for no arms and [1] for one', () => {
    expect(probabilityOfBeingBest([], createRng(1))).toEqual([]);
    expect(probabilityOfBeingBest([{ alpha: 3, beta: 9 }], createRng(1))).toEqual([1]);
  });

  it('agrees with the exact P(X > Y) = 2/3 for Beta(2, 1) against Beta(1, 1)', () => {
    const draws = 40_000;
    const [first, second] = probabilityOfBeingBest(
      [
        { alpha: 2, beta: 1 },
        { alpha: 1, beta: 1 },
      ],
      createRng(2),
      draws,
    );
    const standardError = Math.sqrt(2 / 9 / draws);
    expect(Math.abs(first! - 2 / 3)).toBeLessThan(5 * standardError);
    expect(first! + second!).toBeCloseTo(1, 12);
  });

  it('all but crowns an arm that is clearly better', () => {
    const [better, worse] = probabilityOfBeingBest(
      [
        { alpha: 1 + 300, beta: 1 + 700 },
        { alpha: 1 + 200, beta: 1 + 800 },
      ],
      createRng(3),
    );
    expect(better).toBeGreaterThan(0.999);
    expect(worse).toBeLessThan(0.001);
  });

  it('splits evenly between identical arms, ties included', () => {
    // Shapes this small put most draws on exactly 0 or 1, so ties are common.
    for (const shape of [5, 1e-3]) {
      const result = probabilityOfBeingBest(
        [
          { alpha: shape, beta: shape },
          { alpha: shape, beta: shape },
        ],
        createRng(4),
      );
      expect(result[0]).toBeCloseTo(0.5, 1);
      expect(result[0]! + result[1]!).toBeCloseTo(1, 12);
    }
  });

  it('sums to 1 over many arms and is deterministic for a fixed seed', () => {
    const arms = Array.from({ length: 12 }, (_, i) => ({ alpha: 1 + i, beta: 1 + 2 * i }));
    const result = probabilityOfBeingBest(arms, createRng(5), 1000);
    expect(result.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    expect(probabilityOfBeingBest(arms, createRng(5), 1000)).toEqual(result);
  });

  it('rejects invalid draws and shapes, naming them', () => {
    const arms = [
      { alpha: 1, beta: 1 },
      { alpha: 0, beta: 1 },
    ];
    expect(() => probabilityOfBeingBest(arms, createRng(1))).toThrow(/^params\[1\]\.alpha must be/);
    expect(() => probabilityOfBeingBest([], createRng(1), 0)).toThrow(/^draws must be a positive/);
    expect(() => probabilityOfBeingBest([], createRng(1), 2.5)).toThrow(/^draws must be/);
  });
});
