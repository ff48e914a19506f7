import { describe, expect, it } from 'vitest';
import { averageRates, crowdWorlds, tasteCohortRates } from './crowd-worlds.ts';

const RATES = [0.012, 0.001, 0.004, 0.006, 0.009, 0.002, 0.005, 0.003];

describe('tasteCohortRates', () => {
  const tastes = tasteCohortRates(RATES, 4);

  it('gives every cohort the same rates, in its own order', () => {
    const sorted = [...RATES].sort((a, b) => a - b);
    for (const t of tastes) expect([...t].sort((a, b) => a - b)).toEqual(sorted);
    expect(tastes[0]).toEqual(RATES);
  });

  it('gives each cohort a different favourite item', () => {
    const favourites = tastes.map((t) => t.indexOf(Math.max(...t)));
    expect(new Set(favourites).size).toBe(4);
  });

  it("makes one cohort's favourite another cohort's poor choice", () => {
    // Item 0 is cohort 0's best (1.2%); cohort 1 shifts the ranking by 2 places.
    expect(tastes[1]![0]).toBe(0.002);
  });
});

describe('crowdWorlds', () => {
  it("builds the homogeneous world on the rates and the cohort world on their tastes' average", () => {
    const { homogeneous, cohorts } = crowdWorlds(RATES, false);
    expect(homogeneous.itemRates).toEqual(RATES);
    expect(homogeneous.tastes).toBeUndefined();
    expect(cohorts.tastes).toHaveLength(4);
    expect(cohorts.itemRates).toEqual(averageRates(cohorts.tastes!));
    expect([homogeneous.cohorts, homogeneous.usersPerCohort, homogeneous.concentration]).toEqual([
      8, 100, 2000,
    ]);
    expect(crowdWorlds(RATES, true).cohorts.usersPerCohort).toBe(50);
  });
});
