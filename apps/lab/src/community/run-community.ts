import type { CommunityBackend, CommunityLearner } from './backend.ts';
import { type CommunityWorld, clickStream, userRates } from './community-world.ts';

/** What one community run measured, per user. */
export interface CommunityRunResult {
  /** The decision counts at which regret was recorded, e.g. [10, 100, 1000, 2000]. */
  readonly checkpoints: readonly number[];
  /**
   * Cumulative pseudo-regret per user (row) at each checkpoint (column); NaN where a run cut
   * short (see `rounds`) ended before the user got there.
   */
  readonly regret: Float64Array;
  /** The cohort of each user: cohort 0 found no community, later ones are newcomers to one. */
  readonly cohort: Int32Array;
  /** Whether each user's own best item is the crowd's best item (by mean rate). */
  readonly mainstream: Uint8Array;
}

/**
 * Plays the world through a backend: cohorts arrive every `arrivalGap` rounds, each active
 * user decides once per round (in a fixed order) for `decisionsPerUser` rounds, the backend
 * refreshes the community every `refreshEvery` rounds. Regret is the pseudo-regret against
 * the user's own best item: Σ (p(u, best_u) − p(u, shown)).
 *
 * `rounds` cuts the run short: only the first `rounds` rounds are played, which are exactly
 * those of the whole run (nothing later changes anything earlier). The newcomers' first
 * 100 decisions, for instance, are all played by round (cohorts − 1)·arrivalGap + 100.
 *
 * @example
 * const result = await runCommunity(world, createInProcessBackend({ items: 34, maxPriorStrength: 1000, seed: 1 }));
 */
export async function runCommunity(
  world: CommunityWorld,
  backend: CommunityBackend,
  checkpoints: readonly number[] = defaultCheckpoints(world.decisionsPerUser),
  rounds: number = fullRounds(world),
): Promise<CommunityRunResult> {
  const items = world.itemRates.length;
  const users = world.cohorts * world.usersPerCohort;
  const rates = userRates(world);
  const clicks = clickStream(world);
  let crowdBest = 0;
  for (let i = 1; i < items; i++) {
    if (world.itemRates[i]! > world.itemRates[crowdBest]!) crowdBest = i;
  }
  const best = new Float64Array(users);
  const mainstream = new Uint8Array(users);
  const cohort = new Int32Array(users);
  for (let u = 0; u < users; u++) {
    let top = 0;
    for (let i = 1; i < items; i++) if (rates[u * items + i]! > rates[u * items + top]!) top = i;
    best[u] = rates[u * items + top]!;
    mainstream[u] = top === crowdBest ? 1 : 0;
    cohort[u] = Math.floor(u / world.usersPerCohort);
  }
  const regret = new Float64Array(users * checkpoints.length).fill(Number.NaN);
  const cumulative = new Float64Array(users);
  const decisions = new Int32Array(users);
  const learners: (CommunityLearner | null)[] = new Array(users).fill(null);
  const lastRound = Math.min(rounds, fullRounds(world));

  try {
    for (let round = 0; round < lastRound; round++) {
      if (round % world.refreshEvery === 0) await backend.refresh();
      const arriving = round % world.arrivalGap === 0 ? round / world.arrivalGap : -1;
      if (arriving >= 0 && arriving < world.cohorts) {
        for (let j = 0; j < world.usersPerCohort; j++) {
          const u = arriving * world.usersPerCohort + j;
          learners[u] = await backend.join(u);
        }
      }
      const firstCohort = Math.max(
        0,
        Math.ceil((round + 1 - world.decisionsPerUser) / world.arrivalGap),
      );
      const lastCohort = Math.min(world.cohorts - 1, Math.floor(round / world.arrivalGap));
      for (
        let u = firstCohort * world.usersPerCohort;
        u < (lastCohort + 1) * world.usersPerCohort;
        u++
      ) {
        const learner = learners[u]!;
        const chosen = learner.choose();
        const item = typeof chosen === 'number' ? chosen : await chosen;
        const p = rates[u * items + item]!;
        const done = learner.feedback(item, clicks() < p ? 1 : 0);
        if (done !== undefined) await done;
        cumulative[u]! += best[u]! - p;
        const t = ++decisions[u]!;
        const at = checkpoints.indexOf(t);
        if (at !== -1) regret[u * checkpoints.length + at] = cumulative[u]!;
        if (t === world.decisionsPerUser) {
          await learner.leave?.();
          learners[u] = null;
        }
      }
    }
  } finally {
    await backend.close?.();
  }
  return { checkpoints, regret, cohort, mainstream };
}

/** The rounds of a whole run: until the last cohort has made all its decisions. */
export function fullRounds(world: CommunityWorld): number {
  return (world.cohorts - 1) * world.arrivalGap + world.decisionsPerUser;
}

/** 10, 100, 1,000 … below the user's horizon, and the horizon itself. */
export function defaultCheckpoints(decisionsPerUser: number): number[] {
  const points: number[] = [];
  for (let t = 10; t < decisionsPerUser; t *= 10) points.push(t);
  points.push(decisionsPerUser);
  return points;
}
