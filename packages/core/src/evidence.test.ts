import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/decay.json' with { type: 'json' };
import { addReward, decayed, decayFactor, NO_EVIDENCE } from './evidence.ts';

describe('decayed', () => {
  it.each(vectors.cases)(
    'decays $evidence to $now with half-life $halfLifeMs',
    ({ evidence, now, halfLifeMs, expected }) => {
      const out = decayed(evidence, now, halfLifeMs ?? Number.POSITIVE_INFINITY);
      expect(out.s).toBeCloseTo(expected.s, 12);
      expect(out.f).toBeCloseTo(expected.f, 12);
    },
  );

  it('composes: decaying by a then b equals decaying by a+b', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 1e9 }),
        (s, f, a, b, halfLife) => {
          const start = { s, f, t: 0 };
          const twoSteps = decayed(decayed(start, a, halfLife), a + b, halfLife);
          const oneStep = decayed(start, a + b, halfLife);
          expect(twoSteps.s).toBeCloseTo(oneStep.s, 6);
          expect(twoSteps.f).toBeCloseTo(oneStep.f, 6);
        },
      ),
    );
  });

  it('never makes evidence grow, even when the clock goes backwards', () => {
    expect(decayFactor(-5000, 1000)).toBe(1);
    expect(decayed({ s: 2, f: 1, t: 10 }, 5, 1)).toEqual({ s: 2, f: 1, t: 10 });
  });
});

describe('addReward', () => {
  it('keeps counts non-negative for any sequence of rewards', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            r: fc.double({ min: 0, max: 1, noNaN: true }),
            w: fc.double({ min: 0, max: 10, noNaN: true }),
            dt: fc.integer({ min: -1000, max: 1e7 }),
          }),
          { maxLength: 50 },
        ),
        (steps) => {
          let e = NO_EVIDENCE;
          let now = 0;
          for (const { r, w, dt } of steps) {
            now += dt;
            e = addReward(e, r, w, now, 3_600_000);
            expect(e.s).toBeGreaterThanOrEqual(0);
            expect(e.f).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('adds w*r to successes and w*(1-r) to failures', () => {
    expect(addReward({ s: 1, f: 1, t: 0 }, 0.25, 4, 0, Number.POSITIVE_INFINITY)).toEqual({
      s: 2,
      f: 4,
      t: 0,
    });
  });
});
