import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/random.json' with { type: 'json' };
import { createRng } from './random.ts';

describe('createRng', () => {
  it.each(vectors.streams)(
    'reproduces the reference sfc32 stream for seed $seed',
    ({ seed, uint32 }) => {
      const rng = createRng(seed);
      expect(uint32.map(() => rng() * 2 ** 32)).toEqual(uint32);
    },
  );

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    const first = createRng(7);
    const again = createRng(7);
    const other = createRng(8);
    const a = Array.from({ length: 100 }, () => first());
    expect(Array.from({ length: 100 }, () => again())).toEqual(a);
    expect(Array.from({ length: 100 }, () => other())).not.toEqual(a);
  });

  it('tells fractional seeds apart instead of truncating them', () => {
    expect(createRng(0.25)()).not.toBe(createRng(0.75)());
    expect(createRng(0.25)()).not.toBe(createRng(0)());
  });

  it('returns multiples of 2^-32 in [0, 1), never 1', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (seed) => {
        const rng = createRng(seed);
        for (let i = 0; i < 200; i++) {
          const value = rng();
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
          expect(Number.isInteger(value * 2 ** 32)).toBe(true);
        }
      }),
    );
  });

  it('spreads its outputs uniformly (chi-squared over 64 bins)', () => {
    const rng = createRng(2024);
    const bins = new Array<number>(64).fill(0);
    const n = 640_000;
    for (let i = 0; i < n; i++) bins[Math.floor(rng() * 64)]! += 1;
    const expected = n / 64;
    const chiSquared = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 63 degrees of freedom: the 0.999 quantile is 103.4.
    expect(chiSquared).toBeLessThan(103.4);
  });

  it('seeds from crypto when no seed is given', () => {
    const a = createRng();
    const b = createRng();
    expect([a(), a(), a()]).not.toEqual([b(), b(), b()]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'rejects the non-finite seed %s with a RangeError naming seed',
    (seed) => {
      expect(() => createRng(seed)).toThrow(RangeError);
      expect(() => createRng(seed)).toThrow(/^seed must be a finite number, got /);
    },
  );
});
