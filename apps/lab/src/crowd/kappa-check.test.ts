import { describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS } from '../community/edge-merge.ts';
import type { CrowdWorld } from './crowd-worlds.ts';
import { fixedExposureKappa, impliedKappa } from './kappa-check.ts';

const world: CrowdWorld = {
  itemRates: [0.3, 0.1, 0.2],
  concentration: 100,
  cohorts: 4,
  usersPerCohort: 100,
  arrivalGap: 10,
  decisionsPerUser: 100,
  refreshEvery: 10,
};

describe('impliedKappa', () => {
  it("is the world's concentration when everyone shares one taste", () => {
    expect(impliedKappa(world)).toBeCloseTo(100, 9);
  });

  it('is lower when taste cohorts disagree', () => {
    const tastes = [
      [0.3, 0.1, 0.2],
      [0.1, 0.3, 0.2],
    ];
    expect(impliedKappa({ ...world, itemRates: [0.2, 0.2, 0.2], tastes })).toBeLessThan(30);
  });
});

describe('fixedExposureKappa', () => {
  it('recovers the κ the users imply when exposures do not adapt', () => {
    for (const w of [world, { ...world, concentration: 20 }]) {
      const estimate = fixedExposureKappa(w, 200, 1, EDGE_DEFAULTS.kappa);
      expect(estimate.source).toBe('estimate');
      expect(Math.abs(estimate.kappa / impliedKappa(w) - 1)).toBeLessThan(0.25);
    }
  });
});
