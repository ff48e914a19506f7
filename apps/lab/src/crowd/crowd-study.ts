import type { KappaSource } from '@crowdbandit/core';
import type { CrowdMerge } from '../community/in-process-backend.ts';
import { type CostedTask, runPool } from '../parallel/pool.ts';
import type { CommunityTask, CommunityTaskResult } from '../parallel/tasks.ts';
import type { Progress } from '../progress.ts';
import { type Estimate, meanInterval } from '../stats.ts';
import type { CrowdWorld } from './crowd-worlds.ts';

/** One way of merging the crowd, run on every world for `seeds` seeds. */
export interface CrowdConfig {
  readonly id: string;
  readonly label: string;
  readonly merge: CrowdMerge;
  readonly seeds: number;
}

/** Options of {@link runCrowdStudy}. */
export interface CrowdStudyOptions {
  readonly worlds: Readonly<Record<string, CrowdWorld>>;
  /** Must hold `alone` with the most seeds: every ratio divides by its runs. */
  readonly configs: readonly CrowdConfig[];
  /** Newcomers' decisions played: the run stops once the last cohort has made this many. */
  readonly horizon: number;
  readonly firstSeed: number;
  readonly threads?: number;
  readonly progress?: Progress;
}

/** What one run published at a cohort's arrival (the snapshot that cohort starts from). */
export interface KappaAtArrival {
  readonly round: number;
  readonly value: number;
  readonly source: KappaSource;
  /** Items with a κ of their own. */
  readonly arms: number;
  /** The smallest of those, or null. */
  readonly lowestArm: number | null;
}

/** One seed of one configuration on one world. */
export interface SeedOutcome {
  /** Newcomers' mean cumulative regret per checkpoint (over those who got there; NaN: none). */
  readonly regret: readonly number[];
  /** κ at each cohort's arrival; empty unless κ is learned. */
  readonly kappa: readonly KappaAtArrival[];
}

/** The runs of the study, by world and configuration. */
export interface CrowdStudy {
  readonly checkpoints: readonly number[];
  readonly horizon: number;
  readonly outcomes: ReadonlyMap<string, ReadonlyMap<string, readonly SeedOutcome[]>>;
}

/**
 * The checkpoints of a study: 10, 100, 1,000 … as far as the first newcomers get (they
 * arrive one gap after the first cohort and play until the last cohort reaches the
 * horizon), and the horizon.
 *
 * @example
 * crowdCheckpoints([{ cohorts: 8, arrivalGap: 250, decisionsPerUser: 5000 }], 100); // [10, 100, 1000]
 */
export function crowdCheckpoints(
  worlds: readonly Pick<CrowdWorld, 'cohorts' | 'arrivalGap' | 'decisionsPerUser'>[],
  horizon: number,
): number[] {
  const reach = Math.max(
    ...worlds.map((w) => Math.min(w.decisionsPerUser, (w.cohorts - 2) * w.arrivalGap + horizon)),
  );
  const points: number[] = [];
  for (let t = 10; t <= Math.max(reach, horizon); t *= 10) points.push(t);
  if (!points.includes(horizon)) points.push(horizon);
  return points.sort((a, b) => a - b);
}

/**
 * Runs every configuration on every world, seed by seed, on worker threads; all
 * configurations of one seed face the same users and the same clicks. The worlds are played
 * until the last cohort has made `horizon` decisions, so newcomers who arrived earlier get
 * further (a checkpoint counts those who reached it).
 *
 * @example
 * const study = await runCrowdStudy({ worlds, configs, horizon: 100, firstSeed: 1 });
 */
export async function runCrowdStudy(options: CrowdStudyOptions): Promise<CrowdStudy> {
  const checkpoints = crowdCheckpoints(Object.values(options.worlds), options.horizon);
  const plan: { world: string; config: string; task: CostedTask<CommunityTask> }[] = [];
  for (const [worldId, world] of Object.entries(options.worlds)) {
    const rounds = (world.cohorts - 1) * world.arrivalGap + options.horizon;
    const cost = world.usersPerCohort * world.cohorts * rounds;
    for (const config of options.configs) {
      for (let s = 0; s < config.seeds; s++) {
        plan.push({
          world: worldId,
          config: config.id,
          task: {
            task: {
              kind: 'community',
              world: { ...world, seed: options.firstSeed + s },
              crowd: config.merge,
              checkpoints,
              rounds,
            },
            cost,
          },
        });
      }
    }
  }
  const runs = await runPool(
    plan.map((p) => p.task),
    {
      ...(options.threads === undefined ? {} : { threads: options.threads }),
      ...(options.progress === undefined ? {} : { progress: options.progress }),
    },
  );
  const outcomes = new Map<string, Map<string, SeedOutcome[]>>();
  plan.forEach((p, i) => {
    const world = options.worlds[p.world]!;
    const byConfig = outcomes.get(p.world) ?? new Map<string, SeedOutcome[]>();
    outcomes.set(p.world, byConfig);
    const seeds = byConfig.get(p.config) ?? [];
    byConfig.set(p.config, seeds);
    seeds.push(summarise(runs[i]!, world));
  });
  return { checkpoints, horizon: options.horizon, outcomes };
}

function summarise(run: CommunityTaskResult, world: CrowdWorld): SeedOutcome {
  const c = run.checkpoints.length;
  const regret = run.checkpoints.map((_, j) => {
    let sum = 0;
    let count = 0;
    for (let u = 0; u < run.cohort.length; u++) {
      const value = run.regret[u * c + j]!;
      if (run.cohort[u] === 0 || Number.isNaN(value)) continue;
      sum += value;
      count += 1;
    }
    return count === 0 ? Number.NaN : sum / count;
  });
  const kappa: KappaAtArrival[] = [];
  for (let cohort = 0; cohort < world.cohorts; cohort++) {
    const round = cohort * world.arrivalGap;
    const published = run.kappa[Math.floor(round / world.refreshEvery)];
    if (published === undefined) continue;
    const own = [...published.arms.values()];
    kappa.push({
      round,
      value: published.value,
      source: published.source,
      arms: own.length,
      lowestArm: own.length === 0 ? null : Math.min(...own),
    });
  }
  return { regret, kappa };
}

/**
 * Regret alone ÷ regret with `config` at checkpoint `at`, seed by seed (the same users and
 * clicks), as a mean with its 95% interval over the config's seeds; null when no newcomer
 * reached the checkpoint.
 *
 * @example
 * ratio(study, 'homogeneous', 'default', 100); // { value: 3.1, low: 2.9, high: 3.3 }
 */
export function ratio(
  study: CrowdStudy,
  world: string,
  config: string,
  at: number,
): Estimate | null {
  const j = study.checkpoints.indexOf(at);
  const alone = study.outcomes.get(world)?.get('alone');
  const runs = study.outcomes.get(world)?.get(config);
  if (j === -1 || alone === undefined || runs === undefined) return null;
  const ratios = runs.map((r, s) => alone[s]!.regret[j]! / r.regret[j]!);
  if (ratios.some((x) => Number.isNaN(x))) return null;
  return meanInterval(ratios);
}

/**
 * The per-seed ratios at checkpoint `at` (for "never worse than alone").
 *
 * @example
 * Math.min(...seedRatios(study, 'cohorts', 'default', 100));
 */
export function seedRatios(study: CrowdStudy, world: string, config: string, at: number): number[] {
  const j = study.checkpoints.indexOf(at);
  const alone = study.outcomes.get(world)?.get('alone') ?? [];
  const runs = study.outcomes.get(world)?.get(config) ?? [];
  return runs.map((r, s) => alone[s]!.regret[j]! / r.regret[j]!);
}
