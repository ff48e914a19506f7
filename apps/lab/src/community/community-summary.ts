import type { CommunityRunResult } from './run-community.ts';

/** One run's averages over its newcomers (users of cohorts ≥ 1). */
export interface NewcomerSummary {
  /** Mean cumulative regret at each checkpoint. */
  readonly regret: number[];
  /**
   * Regret per 1,000 decisions late in a user's life (from the second-to-last checkpoint to
   * the last), for users whose own best item is the crowd's best ("mainstream") and for the
   * others ("niche"): the price a strong prior makes personal taste pay.
   */
  readonly lateMainstream: number;
  readonly lateNiche: number;
  readonly nicheShare: number;
}

/**
 * Averages one community run over its newcomers.
 *
 * @example
 * const { regret } = summariseNewcomers(await runCommunity(world, backend)); // [r@10, r@100, …]
 */
export function summariseNewcomers(run: CommunityRunResult): NewcomerSummary {
  const c = run.checkpoints.length;
  const regret = new Array<number>(c).fill(0);
  const late = { mainstream: 0, niche: 0 };
  const count = { mainstream: 0, niche: 0 };
  const span = (run.checkpoints[c - 1]! - (run.checkpoints[c - 2] ?? 0)) / 1000;
  let newcomers = 0;
  for (let u = 0; u < run.cohort.length; u++) {
    if (run.cohort[u] === 0) continue;
    newcomers += 1;
    for (let j = 0; j < c; j++) regret[j]! += run.regret[u * c + j]!;
    const group = run.mainstream[u] === 1 ? 'mainstream' : 'niche';
    late[group] += (run.regret[u * c + c - 1]! - (c > 1 ? run.regret[u * c + c - 2]! : 0)) / span;
    count[group] += 1;
  }
  return {
    regret: regret.map((r) => r / newcomers),
    lateMainstream: count.mainstream === 0 ? Number.NaN : late.mainstream / count.mainstream,
    lateNiche: count.niche === 0 ? Number.NaN : late.niche / count.niche,
    nicheShare: count.niche / newcomers,
  };
}
