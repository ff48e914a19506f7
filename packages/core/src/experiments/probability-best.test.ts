import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBeta } from '../beta.ts';
import type { Counts } from '../prior.ts';
import { createRng } from '../random.ts';
import { chanceToBeatControl } from './chance-to-beat-control.ts';
import { probabilityBest } from './probability-best.ts';

const counts = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([users, rate]): Counts => {
    const s = Math.round(users * rate);
    return { s, f: users - s };
  });

describe('probabilityBest', () => {
  it('sums to 1 within 1e-9 for any 1 to 5 arms with counts up to 10^6', () => {
    fc.assert(
      fc.property(fc.array(counts, { minLength: 1, maxLength: 5 }), (arms) => {
        const total = probabilityBest(arms).reduce((sum, p) => sum + p, 0);
        expect(Math.abs(total - 1)).toBeLessThan(1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('equals chanceToBeatControl for two arms', () => {
    const control = { s: 120, f: 880 };
    const variant = { s: 150, f: 850 };
    const [pControl, pVariant] = probabilityBest([control, variant]) as [number, number];
    expect(pVariant).toBeCloseTo(chanceToBeatControl(control, variant), 12);
    expect(pControl).toBeCloseTo(1 - pVariant, 9);
  });

  it('gives identical arms equal chances', () => {
    const arm = { s: 30, f: 970 };
    for (const p of probabilityBest([arm, arm, arm, arm])) expect(p).toBeCloseTo(0.25, 10);
  });

  it('matches a seeded Monte Carlo for three arms within 5 standard errors', () => {
    const arms: Counts[] = [
      { s: 120, f: 880 },
      { s: 150, f: 850 },
      { s: 135, f: 865 },
    ];
    const exact = probabilityBest(arms);
    const rng = createRng(99);
    const draws = 400_000;
    const wins = [0, 0, 0];
    for (let round = 0; round < draws; round++) {
      const theta = arms.map(({ s, f }) => sampleBeta(rng, 1 + s, 1 + f));
      wins[theta.indexOf(Math.max(...theta))]! += 1;
    }
    exact.forEach((p, i) => {
      const standardError = Math.sqrt((p * (1 - p)) / draws);
      expect(Math.abs(wins[i]! / draws - p)).toBeLessThan(5 * standardError + 1e-12);
    });
  });

  it('refuses no arms and bad counts', () => {
    expect(() => probabilityBest([])).toThrow(/arms must be an array of at least 1/);
    expect(() =>
      probabilityBest([
        { s: 1, f: 1 },
        { s: -3, f: 1 },
      ]),
    ).toThrow(/arms\[1\]\.s/);
  });
});
