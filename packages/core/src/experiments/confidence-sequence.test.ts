import { describe, expect, it } from 'vitest';
import type { Counts } from '../prior.ts';
import { createRng, type Rng } from '../random.ts';
import { confidenceSequence } from './confidence-sequence.ts';
import { twoProportionZTest } from './two-proportion-z-test.ts';

// The sequence rebuilt from per-user values: φ_i of each user, their mean and sample
// variance, and the boundary of Waudby-Smith et al. (2024), Theorem 2.2, as printed.
function fromUsers(control: Counts, variant: Counts, w: number, alpha: number, tStar: number) {
  const nC = control.s + control.f;
  const nV = variant.s + variant.f;
  const pC = control.s / nC;
  const pV = variant.s / nV;
  const values: number[] = [];
  for (let i = 0; i < nV; i++) values.push(pV - pC + ((i < variant.s ? 1 : 0) - pV) / w);
  for (let i = 0; i < nC; i++) values.push(pV - pC - ((i < control.s ? 1 : 0) - pC) / (1 - w));
  const t = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / t;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / t;
  const rho2 = (-2 * Math.log(alpha) + Math.log(-2 * Math.log(alpha) + 1)) / tStar;
  const radius = Math.sqrt(
    ((2 * (t * variance * rho2 + 1)) / (t * t * rho2)) *
      Math.log(Math.sqrt(t * variance * rho2 + 1) / alpha),
  );
  return { estimate: mean, lower: mean - radius, upper: mean + radius };
}

// Simulated experiments checked after every batch of 100 users, from 100 users per arm on.
function simulate(
  rng: Rng,
  rates: [number, number],
  w: number,
  looks: number,
  onLook: (control: Counts, variant: Counts) => void,
) {
  const control = { s: 0, f: 0 };
  const variant = { s: 0, f: 0 };
  for (let look = 0; look < looks; look++) {
    for (let user = 0; user < 100; user++) {
      const arm = rng() < w ? variant : control;
      if (rng() < rates[arm === variant ? 1 : 0]) arm.s++;
      else arm.f++;
    }
    if (control.s + control.f >= 100 && variant.s + variant.f >= 100) onLook(control, variant);
  }
}

describe('confidenceSequence', () => {
  it('equals the paper’s boundary around the mean of the per-user influence values', () => {
    for (const [control, variant, w, alpha, tStar] of [
      [{ s: 48, f: 452 }, { s: 61, f: 439 }, 0.5, 0.05, 10_000],
      [{ s: 230, f: 1770 }, { s: 70, f: 430 }, 0.2, 0.1, 2_000],
      [{ s: 0, f: 300 }, { s: 3, f: 297 }, 0.5, 0.01, 50_000],
    ] as const) {
      const expected = fromUsers(control, variant, w, alpha, tStar);
      const actual = confidenceSequence(control, variant, {
        alpha,
        weights: [1 - w, w],
        plannedUsers: tStar,
      });
      expect(actual.estimate).toBeCloseTo(expected.estimate, 12);
      expect(actual.lower).toBeCloseTo(expected.lower, 12);
      expect(actual.upper).toBeCloseTo(expected.upper, 12);
      expect(actual.alpha).toBe(alpha);
    }
  });

  it('keeps false alarms under 5% in A/A tests checked 100 times, where the z-test finds 20%+', () => {
    const rng = createRng(1);
    const runs = 400;
    let sequenceAlarms = 0;
    let zAlarms = 0;
    for (let run = 0; run < runs; run++) {
      let sequenceAlarm = false;
      let zAlarm = false;
      simulate(rng, [0.1, 0.1], 0.5, 100, (control, variant) => {
        const { lower, upper } = confidenceSequence(control, variant);
        if (lower > 0 || upper < 0) sequenceAlarm = true;
        if (twoProportionZTest(control, variant).pValue < 0.05) zAlarm = true;
      });
      if (sequenceAlarm) sequenceAlarms++;
      if (zAlarm) zAlarms++;
    }
    expect(sequenceAlarms / runs).toBeLessThan(0.05);
    expect(zAlarms / runs).toBeGreaterThan(0.2);
  });

  it('covers the true difference at every look in at least 95% of runs, with an uneven split', () => {
    const rng = createRng(3);
    const runs = 300;
    let misses = 0;
    let detections = 0;
    for (let run = 0; run < runs; run++) {
      let missed = false;
      let detected = false;
      simulate(rng, [0.05, 0.065], 0.2, 100, (control, variant) => {
        const { lower, upper } = confidenceSequence(control, variant, { weights: [0.8, 0.2] });
        if (lower > 0.015 || upper < 0.015) missed = true;
        if (lower > 0) detected = true;
      });
      if (missed) misses++;
      if (detected) detections++;
    }
    expect(misses / runs).toBeLessThan(0.05);
    expect(detections).toBeGreaterThan(0);
  });

  it('narrows as users accumulate', () => {
    const width = (users: number) => {
      const { lower, upper } = confidenceSequence(
        { s: users * 0.1, f: users * 0.9 },
        { s: users * 0.11, f: users * 0.89 },
      );
      return upper - lower;
    };
    expect(width(10_000)).toBeLessThan(width(1_000));
    expect(width(100_000)).toBeLessThan(width(10_000));
  });

  it('gives [-1, 1] around 0 while an arm has no users', () => {
    expect(confidenceSequence({ s: 0, f: 0 }, { s: 4, f: 6 })).toEqual({
      estimate: 0,
      lower: -1,
      upper: 1,
      alpha: 0.05,
    });
  });

  it('refuses a bad alpha, weights or planned size', () => {
    const arm = { s: 1, f: 9 };
    expect(() => confidenceSequence(arm, arm, { alpha: 0 })).toThrow(/alpha must be/);
    expect(() => confidenceSequence(arm, arm, { weights: [1, 0] })).toThrow(/weights\[1\]/);
    expect(() => confidenceSequence(arm, arm, { plannedUsers: -5 })).toThrow(/plannedUsers/);
  });
});
