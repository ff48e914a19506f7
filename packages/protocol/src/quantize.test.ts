import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COUNT_SCALE, fromMilli, quantize, toMilli } from './quantize.ts';

describe('quantize', () => {
  it.each([
    [1 / 3, 0.333],
    [2 / 3, 0.667],
    [0.0005, 0.001],
    [0.0004, 0],
    [1e9, 1e9],
    [0.1 + 0.2, 0.3],
  ])('rounds %d to %d', (x, expected) => {
    expect(quantize(x)).toBe(expected);
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        expect(quantize(quantize(x))).toBe(quantize(x));
      }),
    );
  });

  it('moves a count by at most half a thousandth', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        expect(Math.abs(quantize(x) - x)).toBeLessThanOrEqual(0.5 / COUNT_SCALE + 1e-7);
      }),
    );
  });
});

describe('toMilli and fromMilli', () => {
  it('turn counts into whole milli-units and back', () => {
    expect(toMilli(2.5)).toBe(2500);
    expect(fromMilli(2500)).toBe(2.5);
  });

  it('give back every milli-unit count up to 1e12 exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (m) => {
        expect(toMilli(fromMilli(m))).toBe(m);
      }),
    );
  });

  it('agree with quantize', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (x) => {
        expect(fromMilli(toMilli(x))).toBe(quantize(x));
        expect(Number.isSafeInteger(toMilli(x))).toBe(true);
      }),
    );
  });

  it('sum exactly where floating point does not', () => {
    const tenths = Array.from({ length: 10 }, () => 0.1);
    expect(tenths.reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(fromMilli(tenths.map(toMilli).reduce((a, b) => a + b, 0))).toBe(1);
  });
});
