import type { CommunityWorld } from '../community/community-world.ts';

/** A world of the crowd study: everything but the seed, which varies per run. */
export type CrowdWorld = Omit<CommunityWorld, 'seed'>;

/** The two worlds of the crowd study. */
export interface CrowdWorlds {
  /** Everyone's rates drawn around the same item means. */
  readonly homogeneous: CrowdWorld;
  /** Users in taste cohorts whose favourite items differ. */
  readonly cohorts: CrowdWorld;
}

/** Taste cohorts of the lab's cohort world. */
export const TASTE_COHORTS = 4;

/** How much one user's rates vary around their cohort's means, as in `simulate`. */
export const CROWD_CONCENTRATION = 2000;

/**
 * Item means of `cohorts` taste cohorts that disagree, each a permutation of `rates`: with
 * the items ranked by rate, cohort c gives the item at rank j the rate of rank
 * (j − ⌊c·K/cohorts⌋) mod K. Cohort 0 keeps `rates`; cohort c's favourite is the item at
 * rank ⌊c·K/cohorts⌋, and the items it likes least are those some other cohort likes best.
 * Every cohort sees the same set of rates, so the scale (the OBD-like CTRs) stays realistic.
 *
 * @example
 * tasteCohortRates([0.03, 0.01, 0.02, 0.04], 2); // [[0.03, 0.01, 0.02, 0.04], [0.01, 0.03, 0.04, 0.02]]
 */
export function tasteCohortRates(rates: ArrayLike<number>, cohorts: number): number[][] {
  const k = rates.length;
  const byRank = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) => rates[b]! - rates[a]! || a - b,
  );
  const sorted = byRank.map((i) => rates[i]!);
  return Array.from({ length: cohorts }, (_, c) => {
    const shift = Math.floor((c * k) / cohorts);
    const out = new Array<number>(k);
    byRank.forEach((item, rank) => {
      out[item] = sorted[(((rank - shift) % k) + k) % k]!;
    });
    return out;
  });
}

/** The means over cohorts, item by item: the crowd's mean rates. */
export function averageRates(tastes: readonly (readonly number[])[]): number[] {
  return tastes[0]!.map((_, i) => tastes.reduce((sum, t) => sum + t[i]!, 0) / tastes.length);
}

/**
 * The lab's homogeneous OBD-like world (as `simulate`'s community: 8 cohorts × 100 users
 * arriving every 250 rounds, 5,000 decisions each, priors refreshed every 25 rounds,
 * κ = 2000) and the lab's 4-cohort world (the same arrivals; user u in taste cohort u mod 4,
 * so every arrival brings all four tastes). `quick`: 4 × 50 users, 1,000 decisions each.
 *
 * @example
 * const { homogeneous, cohorts } = crowdWorlds(obd.environment.rates, false);
 */
export function crowdWorlds(rates: ArrayLike<number>, quick: boolean): CrowdWorlds {
  const arrivals = quick
    ? { cohorts: 4, usersPerCohort: 50, arrivalGap: 250, decisionsPerUser: 1000, refreshEvery: 25 }
    : {
        cohorts: 8,
        usersPerCohort: 100,
        arrivalGap: 250,
        decisionsPerUser: 5000,
        refreshEvery: 25,
      };
  const tastes = tasteCohortRates(rates, TASTE_COHORTS);
  return {
    homogeneous: { ...arrivals, itemRates: Array.from(rates), concentration: CROWD_CONCENTRATION },
    cohorts: {
      ...arrivals,
      itemRates: averageRates(tastes),
      tastes,
      concentration: CROWD_CONCENTRATION,
    },
  };
}
