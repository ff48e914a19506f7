import { describe, expect, it } from 'vitest';
import { sampleBeta } from '../beta.ts';
import type { Counts } from '../prior.ts';
import { createRng } from '../random.ts';
import { relativeUplift } from './relative-uplift.ts';

const DRAWS = 400_000;

// Seeded Monte Carlo of p_v / p_c - 1 from core's Beta sampler (which is tested against
// Boost's Beta CDF by Kolmogorov–Smirnov in beta.test.ts).
function simulate(control: Counts, variant: Counts, seed: number): Float64Array {
  const rng = createRng(seed);
  const uplift = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) {
    uplift[i] =
      sampleBeta(rng, 1 + variant.s, 1 + variant.f) /
        sampleBeta(rng, 1 + control.s, 1 + control.f) -
      1;
  }
  return uplift;
}

const pairs: [Counts, Counts][] = [
  [
    { s: 3, f: 97 },
    { s: 5, f: 95 },
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
    { s: 500_000, f: 500_000 },
    { s: 500_500, f: 499_500 },
  ],
  [
    { s: 2, f: 1_000_000 },
    { s: 9, f: 1_000_000 },
  ],
];

describe('relativeUplift', () => {
  it.each(pairs)(
    'puts 2.5% of a 400k-draw Monte Carlo below and above its 95% interval for %o vs %o',
    (control, variant) => {
      const { lower, upper } = relativeUplift(control, variant);
      const uplift = simulate(control, variant, 11);
      let below = 0;
      let above = 0;
      for (const value of uplift) {
        if (value < lower) below++;
        if (value > upper) above++;
      }
      // Binomial standard error of a 2.5% tail in 400k draws: 2.5e-4; allow 5 of them.
      const tolerance = 5 * Math.sqrt((0.025 * 0.975) / DRAWS);
      expect(Math.abs(below / DRAWS - 0.025)).toBeLessThan(tolerance);
      expect(Math.abs(above / DRAWS - 0.025)).toBeLessThan(tolerance);
    },
  );

  it.each(pairs)(
    'has the Monte Carlo mean within 5 standard errors for %o vs %o',
    (control, variant) => {
      const { mean } = relativeUplift(control, variant);
      const uplift = simulate(control, variant, 12);
      let sum = 0;
      let squares = 0;
      for (const value of uplift) {
        sum += value;
        squares += value * value;
      }
      const sampleMean = sum / DRAWS;
      const standardError = Math.sqrt((squares / DRAWS - sampleMean * sampleMean) / DRAWS);
      expect(Math.abs(mean - sampleMean)).toBeLessThan(5 * standardError);
    },
  );

  it('gives the exact mean E[p_v] E[1/p_c] - 1', () => {
    // Beta(4, 98) and Beta(6, 96): (6/102)(101/3) - 1.
    expect(relativeUplift({ s: 3, f: 97 }, { s: 5, f: 95 }).mean).toBeCloseTo(
      (6 / 102) * (101 / 3) - 1,
      12,
    );
  });

  it('reports an infinite mean while the control has no conversion, with a finite interval', () => {
    const uplift = relativeUplift({ s: 0, f: 50 }, { s: 3, f: 47 });
    expect(uplift.mean).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isFinite(uplift.upper)).toBe(true);
    expect(uplift.lower).toBeGreaterThan(-1);
  });

  it('narrows with the level and is centred near 0 for equal counts', () => {
    const wide = relativeUplift({ s: 200, f: 800 }, { s: 200, f: 800 }, 0.95);
    const narrow = relativeUplift({ s: 200, f: 800 }, { s: 200, f: 800 }, 0.8);
    expect(narrow.lower).toBeGreaterThan(wide.lower);
    expect(narrow.upper).toBeLessThan(wide.upper);
    expect(narrow.level).toBe(0.8);
    // log R is symmetric about 0, so the ends are reciprocal: (1 + lower)(1 + upper) = 1.
    expect((1 + wide.lower) * (1 + wide.upper)).toBeCloseTo(1, 8);
  });

  it('refuses a level outside (0, 1) and bad counts', () => {
    expect(() => relativeUplift({ s: 1, f: 1 }, { s: 1, f: 1 }, 1)).toThrow(/level must be/);
    expect(() => relativeUplift({ s: 1, f: -1 }, { s: 1, f: 1 })).toThrow(/control\.f/);
  });
});
