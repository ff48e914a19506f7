import { describe, expect, it } from 'vitest';
import { twoProportionZTest } from './two-proportion-z-test.ts';

describe('twoProportionZTest', () => {
  it('matches R’s prop.test(c(250, 200), c(1000, 1000), correct = FALSE)', () => {
    // R prints X-squared = 7.1685, df = 1, p-value = 0.00742
    const { z, pValue } = twoProportionZTest({ s: 200, f: 800 }, { s: 250, f: 750 });
    expect(z * z).toBeCloseTo(7.1685, 4);
    expect(pValue).toBeCloseTo(0.00742, 5);
  });

  it('signs z by the direction of the difference', () => {
    expect(twoProportionZTest({ s: 250, f: 750 }, { s: 200, f: 800 }).z).toBeLessThan(0);
  });

  it('gives z = 0 and p = 1 without users or without variance', () => {
    expect(twoProportionZTest({ s: 0, f: 0 }, { s: 5, f: 5 })).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionZTest({ s: 0, f: 40 }, { s: 0, f: 60 })).toEqual({ z: 0, pValue: 1 });
  });

  it('refuses bad counts', () => {
    expect(() => twoProportionZTest({ s: 1, f: 1 }, { s: Number.NaN, f: 1 })).toThrow(
      /variant\.s must be a finite number >= 0, got NaN/,
    );
  });
});
