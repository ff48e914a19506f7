import { createRng, sampleBeta } from '@crowdbandit/core';

/** The simulated population: who arrives when, and what each user likes. */
export interface CommunityWorld {
  /** The items' mean click rates across users (e.g. the OBD-like catalog). */
  readonly itemRates: ArrayLike<number>;
  /**
   * Taste cohorts whose item means differ: user u's rates are drawn around
   * `tastes[u mod tastes.length]` instead of `itemRates` (which should then be their average,
   * the crowd's mean). Absent: one taste, `itemRates`, for everyone.
   */
  readonly tastes?: readonly (readonly number[])[];
  /**
   * Concentration κ of each user's own rates around the item means:
   * p(user, item) ~ Beta(κ·m, κ·(1 − m)). Smaller κ: tastes differ more.
   */
  readonly concentration: number;
  readonly cohorts: number;
  readonly usersPerCohort: number;
  /** Rounds between two cohorts' arrivals; every active user decides once per round. */
  readonly arrivalGap: number;
  /** Decisions each user makes before leaving. */
  readonly decisionsPerUser: number;
  /** Rounds between community refreshes (the edge's publish + the clients' fetch). */
  readonly refreshEvery: number;
  readonly seed: number;
}

/** Seed offset of the world's streams (tastes, clicks), apart from the learners' draws. */
const WORLD_SEED = 7_777_777;

/**
 * Every user's own click rates, users × items in one array: p ~ Beta(κ·m, κ·(1 − m)) per
 * item around the means of the user's taste cohort (the item means when there is one
 * taste), drawn with core's sampleBeta from the world's seed alone, so a run with priors
 * and a run without face exactly the same users.
 *
 * @example
 * const rates = userRates({ itemRates: [0.01, 0.005], concentration: 2000, seed: 1, cohorts: 1, usersPerCohort: 3, … });
 * rates.length; // 6
 */
export function userRates(world: CommunityWorld): Float64Array {
  const items = world.itemRates.length;
  const users = world.cohorts * world.usersPerCohort;
  const rng = createRng(world.seed + WORLD_SEED);
  const out = new Float64Array(users * items);
  const k = world.concentration;
  for (let u = 0; u < users; u++) {
    const means = world.tastes?.[u % world.tastes.length] ?? world.itemRates;
    for (let i = 0; i < items; i++) {
      const m = means[i]!;
      out[u * items + i] = sampleBeta(rng, k * m, k * (1 - m));
    }
  }
  return out;
}

/** The generator of the users' clicks in a run. */
export function clickStream(world: CommunityWorld): () => number {
  return createRng(world.seed + 2 * WORLD_SEED);
}
