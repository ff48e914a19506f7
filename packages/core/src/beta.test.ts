import referenceBetaCdf from '@stdlib/stats-base-dists-beta-cdf';
import fc from 'fast-check';
import jStat from 'jstat';
import { describe, expect, it } from 'vitest';
import moments from '../test-vectors/beta-moments.json' with { type: 'json' };
import { sampleBeta, sampleGamma, sampleNormal } from './beta.ts';
import { createRng } from './random.ts';

// The double just below x > 0.
function previousDouble(x: number): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0]! -= 1n;
  return new Float64Array(bits.buffer)[0]!;
}

// Kolmogorov-Smirnov statistic of a sample against a CDF: the largest gap between the
// empirical CDF and the CDF on either side of each distinct value. Tiny shapes pile many draws
// on exactly 0 or 1 (the nearest doubles), so the left limit is the CDF at the double below.
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  sample.sort();
  const n = sample.length;
  let d = 0;
  for (let i = 0; i < n; ) {
    const value = sample[i]!;
    let j = i + 1;
    while (j < n && sample[j] === value) j++;
    const below = value > 0 ? cdf(previousDouble(value)) : 0;
    d = Math.max(d, below - i / n, j / n - cdf(value));
    i = j;
  }
  return d;
}

// The critical value of the KS statistic at alpha = 0.001 (asymptotic: 1.949 / sqrt(n)).
const ksCritical = (n: number) => 1.95 / Math.sqrt(n);

function draw(n: number, sampler: () => number): Float64Array {
  const sample = new Float64Array(n);
  for (let i = 0; i < n; i++) sample[i] = sampler();
  return sample;
}

describe('sampleBeta', () => {
  it.each([
    [0.5, 0.5],
    [1, 1],
    [2, 5],
    [50, 200],
    [5000, 20000],
    [0.01, 0.01],
    [0.3, 40],
    [40, 0.3],
  ])('matches the reference Beta CDF by a Kolmogorov-Smirnov test for (%d, %d)', (a, b) => {
    const rng = createRng(20240601);
    const n = 20_000;
    const sample = draw(n, () => sampleBeta(rng, a, b));
    expect(ksStatistic(sample, (x) => referenceBetaCdf(x, a, b))).toBeLessThan(ksCritical(n));
  });

  it.each(moments.cases)(
    'reproduces the mean and variance of Beta($a, $b)',
    ({ a, b, mean, variance, excessKurtosis }) => {
      const rng = createRng(99);
      const n = 200_000;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < n; i++) {
        const x = sampleBeta(rng, a, b);
        sum += x;
        sumSquares += x * x;
      }
      const sampleMean = sum / n;
      const sampleVariance = sumSquares / n - sampleMean * sampleMean;
      // Five standard errors of each estimator.
      expect(Math.abs(sampleMean - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs(sampleVariance - variance)).toBeLessThan(
        5 * variance * Math.sqrt((excessKurtosis + 2) / n),
      );
    },
  );

  it('draws exactly Ga(a) / (Ga(a) + Ga(b)) from the same random stream as sampleGamma', () => {
    // sampleBeta inlines the gamma and normal samplers for speed; over a million draws (a few
    // hundred through the ziggurat's tail) they must consume rng and compute exactly as the
    // exported sampleGamma does.
    const beta = createRng(5);
    const gamma = createRng(5);
    const mismatches: string[] = [];
    for (let i = 0; i < 1_000_000 && mismatches.length < 5; i++) {
      const a = 1 + (i % 7);
      const b = 1 + (i % 11) * 3.5;
      const ga = sampleGamma(gamma, a);
      const expected = 1 / (1 + sampleGamma(gamma, b) / ga);
      const actual = sampleBeta(beta, a, b);
      if (actual !== expected) mismatches.push(`draw ${i}: ${actual} !== ${expected}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('boosts shapes below 1 as Ga(s + 1) * exp(-E / s), like sampleGamma', () => {
    const beta = createRng(6);
    const gamma = createRng(6);
    let worst = 0;
    for (let i = 0; i < 100_000; i++) {
      const a = 0.05 + (i % 5) * 0.2;
      const b = 0.5 + (i % 3);
      const ga = sampleGamma(gamma, a);
      const expected = ga / (ga + sampleGamma(gamma, b));
      worst = Math.max(worst, Math.abs(sampleBeta(beta, a, b) - expected));
    }
    // Not bit-exact: the two compute Marsaglia-Tsang's d = s + 1 - 1/3 in different orders.
    expect(worst).toBeLessThan(1e-12);
  });

  it('always returns a number in [0, 1] for shapes in [1e-3, 1e6]', () => {
    const shape = fc.double({ min: -3, max: 6, noNaN: true }).map((exponent) => 10 ** exponent);
    fc.assert(
      fc.property(fc.integer(), shape, shape, (seed, a, b) => {
        const rng = createRng(seed);
        for (let i = 0; i < 20; i++) {
          const x = sampleBeta(rng, a, b);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never returns NaN for tiny shapes, where both gammas underflow', () => {
    const rng = createRng(3);
    for (let i = 0; i < 100_000; i++) {
      const x = sampleBeta(rng, 1e-3, 1e-3);
      expect(x >= 0 && x <= 1).toBe(true);
    }
  });

  it('is deterministic for a fixed seed', () => {
    const shapes = [
      [1, 1],
      [0.5, 0.5],
      [31, 71],
      [0.01, 3],
    ] as const;
    const run = () => {
      const rng = createRng(123);
      return Array.from({ length: 400 }, (_, i) => {
        const [a, b] = shapes[i % shapes.length]!;
        return sampleBeta(rng, a, b);
      });
    };
    expect(run()).toEqual(run());
  });

  it.each([
    [0, 1, 'a'],
    [-1, 1, 'a'],
    [Number.NaN, 1, 'a'],
    [Number.POSITIVE_INFINITY, 1, 'a'],
    [1, 0, 'b'],
    [1, Number.NaN, 'b'],
    [1, Number.POSITIVE_INFINITY, 'b'],
  ])('rejects the shapes (%d, %d) with a RangeError naming %s', (a, b, name) => {
    const rng = createRng(1);
    expect(() => sampleBeta(rng, a, b)).toThrow(RangeError);
    expect(() => sampleBeta(rng, a, b)).toThrow(new RegExp(`^${name} must be a finite number > 0`));
  });
});

describe('sampleNormal', () => {
  it('matches the standard normal CDF by a Kolmogorov-Smirnov test', () => {
    const rng = createRng(11);
    const n = 100_000;
    const sample = draw(n, () => sampleNormal(rng));
    expect(ksStatistic(sample, (x) => jStat.normal.cdf(x, 0, 1))).toBeLessThan(ksCritical(n));
  });

  it('draws the tail beyond the ziggurat base as often as the normal law says', () => {
    const rng = createRng(12);
    const n = 2_000_000;
    const edge = 3.6541528853610088;
    let beyond = 0;
    let sumFourth = 0;
    for (let i = 0; i < n; i++) {
      const z = sampleNormal(rng);
      if (Math.abs(z) > edge) beyond += 1;
      sumFourth += z ** 4;
    }
    const expected = n * 2 * (1 - jStat.normal.cdf(edge, 0, 1));
    expect(Math.abs(beyond - expected)).toBeLessThan(5 * Math.sqrt(expected));
    // E[Z^4] = 3, standard error sqrt(96 / n).
    expect(Math.abs(sumFourth / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });
});

describe('sampleGamma', () => {
  it.each([0.3, 1, 4.5, 200])(
    'matches the Gamma(%d, 1) CDF by a Kolmogorov-Smirnov test',
    (shape) => {
      const rng = createRng(13);
      const n = 20_000;
      const sample = draw(n, () => sampleGamma(rng, shape));
      expect(ksStatistic(sample, (x) => jStat.gamma.cdf(x, shape, 1))).toBeLessThan(ksCritical(n));
    },
  );

  it.each([0, -2, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects the shape %d with a RangeError naming shape',
    (shape) => {
      expect(() => sampleGamma(createRng(1), shape)).toThrow(/^shape must be a finite number > 0/);
    },
  );
});
