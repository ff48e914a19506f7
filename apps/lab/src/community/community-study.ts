import { type CostedTask, runPool } from '../parallel/pool.ts';
import type { CommunityTask } from '../parallel/tasks.ts';
import type { Progress } from '../progress.ts';
import { type Estimate, meanInterval } from '../stats.ts';
import { type NewcomerSummary, summariseNewcomers } from './community-summary.ts';
import type { CommunityWorld } from './community-world.ts';
import { fixedCap } from './in-process-backend.ts';
import { defaultCheckpoints } from './run-community.ts';

/** Options of {@link runCommunityStudy}. */
export interface CommunityStudyOptions {
  /** The population; `seed` and `concentration` vary per run. */
  readonly world: Omit<CommunityWorld, 'seed' | 'concentration'>;
  readonly concentration: number;
  /** The prior strength of the headline comparison. */
  readonly headlineStrength: number;
  /** The maxPriorStrength values of the sweep. */
  readonly strengths: readonly number[];
  /** Other κ values for the sensitivity table (alone vs the headline strength). */
  readonly sensitivity: readonly number[];
  readonly seeds: number;
  readonly firstSeed: number;
  readonly threads?: number;
  readonly progress?: Progress;
}

/** One configuration over seeds. */
export interface CommunityRow {
  /** `null`: alone. */
  readonly strength: number | null;
  readonly concentration: number;
  /** Newcomers' mean cumulative regret at each checkpoint, over seeds. */
  readonly regret: readonly Estimate[];
  readonly lateMainstream: Estimate;
  readonly lateNiche: Estimate;
  readonly nicheShare: number;
}

/** Everything the community study found. */
export interface CommunityStudy {
  readonly checkpoints: readonly number[];
  readonly world: CommunityStudyOptions['world'];
  readonly concentration: number;
  readonly seeds: number;
  readonly alone: CommunityRow;
  readonly headline: CommunityRow;
  /** alone / with priors at each checkpoint: mean and 95% interval of the per-seed ratios. */
  readonly gain: readonly Estimate[];
  readonly sweep: readonly CommunityRow[];
  readonly sensitivity: readonly {
    readonly concentration: number;
    readonly alone: CommunityRow;
    readonly withPriors: CommunityRow;
    readonly gain: readonly Estimate[];
  }[];
}

interface Config {
  readonly strength: number | null;
  readonly concentration: number;
}

/**
 * The community study: newcomers alone vs with community priors, a sweep of the prior's
 * strength cap, and the sensitivity of the gain to how much users' tastes differ (κ). Each
 * configuration runs `seeds` seeds in parallel; alone and with-priors runs of one seed face
 * the same users and the same clicks.
 *
 * @example
 * const study = await runCommunityStudy({ world, concentration: 2000, headlineStrength: 3000, strengths: [100, 1000], sensitivity: [500], seeds: 5, firstSeed: 1 });
 */
export async function runCommunityStudy(options: CommunityStudyOptions): Promise<CommunityStudy> {
  const configs: Config[] = [];
  const key = (c: Config) => `${c.strength}|${c.concentration}`;
  const add = (c: Config) => {
    if (!configs.some((d) => key(d) === key(c))) configs.push(c);
  };
  const kappa = options.concentration;
  add({ strength: null, concentration: kappa });
  add({ strength: options.headlineStrength, concentration: kappa });
  for (const strength of options.strengths) add({ strength, concentration: kappa });
  for (const concentration of options.sensitivity) {
    add({ strength: null, concentration });
    add({ strength: options.headlineStrength, concentration });
  }
  const { world } = options;
  const cost =
    world.cohorts * world.usersPerCohort * world.decisionsPerUser * world.itemRates.length;
  const tasks: CostedTask<CommunityTask>[] = configs.flatMap((c) =>
    Array.from({ length: options.seeds }, (_, s) => ({
      task: {
        kind: 'community' as const,
        world: {
          ...world,
          itemRates: Array.from(world.itemRates),
          concentration: c.concentration,
          seed: options.firstSeed + s,
        },
        crowd: fixedCap(c.strength),
      },
      cost,
    })),
  );
  const runs = await runPool(tasks, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const summaries = new Map<string, NewcomerSummary[]>();
  configs.forEach((c, i) => {
    summaries.set(
      key(c),
      runs.slice(i * options.seeds, (i + 1) * options.seeds).map(summariseNewcomers),
    );
  });
  const checkpoints = defaultCheckpoints(world.decisionsPerUser);
  const row = (c: Config): CommunityRow => {
    const s = summaries.get(key(c))!;
    return {
      strength: c.strength,
      concentration: c.concentration,
      regret: checkpoints.map((_, j) => meanInterval(s.map((x) => x.regret[j]!))),
      lateMainstream: meanInterval(s.map((x) => x.lateMainstream)),
      lateNiche: meanInterval(s.map((x) => x.lateNiche)),
      nicheShare: s.reduce((sum, x) => sum + x.nicheShare, 0) / s.length,
    };
  };
  const gain = (alone: Config, withPriors: Config) => {
    const a = summaries.get(key(alone))!;
    const b = summaries.get(key(withPriors))!;
    return checkpoints.map((_, j) =>
      meanInterval(a.map((x, s) => x.regret[j]! / b[s]!.regret[j]!)),
    );
  };
  const alone = { strength: null, concentration: kappa };
  const headline = { strength: options.headlineStrength, concentration: kappa };
  return {
    checkpoints,
    world: { ...world, itemRates: Array.from(world.itemRates) },
    concentration: kappa,
    seeds: options.seeds,
    alone: row(alone),
    headline: row(headline),
    gain: gain(alone, headline),
    sweep: [
      alone,
      ...options.strengths.map((strength) => ({ strength, concentration: kappa })),
    ].map(row),
    sensitivity: options.sensitivity.map((concentration) => {
      const a = { strength: null, concentration };
      const b = { strength: options.headlineStrength, concentration };
      return { concentration, alone: row(a), withPriors: row(b), gain: gain(a, b) };
    }),
  };
}
