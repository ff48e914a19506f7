import { EDGE_DEFAULTS, type EdgeKappaOptions } from '../community/edge-merge.ts';
import { figure, withInterval } from '../format.ts';
import { LabError } from '../lab-error.ts';
import { createProgress } from '../progress.ts';
import { obdEnvironment } from '../simulate/obd-environment.ts';
import { type Estimate, meanInterval, quantileSorted } from '../stats.ts';
import {
  type CrowdPlan,
  capId,
  comparedVariants,
  crowdConfigs,
  weightConfigId,
  weightLabel,
} from './crowd-configs.ts';
import {
  capTable,
  fixedExposureTable,
  kappaTable,
  variantTable,
  weightTable,
} from './crowd-report.ts';
import type {
  BestCap,
  InProcessCrowdKeys,
  KappaPoint,
  WeightRow,
  WorldRatios,
} from './crowd-result.ts';
import type { CrowdContext, CrowdRowProducer, CrowdRows } from './crowd-rows.ts';
import { type CrowdStudy, ratio, runCrowdStudy, seedRatios } from './crowd-study.ts';
import { type CrowdWorld, type CrowdWorlds, crowdWorlds } from './crowd-worlds.ts';
import {
  maxIdsPerWindow,
  SINGLE_CLIENT_TARGET_PTS,
  SYBIL_TARGET_PTS,
  singleClientShift,
  sybilShift,
} from './hostile-shift.ts';
import { fixedExposureKappa, impliedKappa } from './kappa-check.ts';

/** The newcomers' cold-start target on the homogeneous world. */
export const NEWCOMER_RATIO_TARGET = 3;
/** On the 4-cohort world: never worse than alone. */
export const COHORT_RATIO_TARGET = 1;
/** The checkpoint of both targets: regret over the newcomers' first 100 decisions. */
export const TARGET_CHECKPOINT = 100;

/** The study's full size; `bench --only crowd` runs it (about 9 minutes on 2 cores). */
export const FULL_PLAN: CrowdPlan = {
  seeds: 20,
  sweepSeeds: 10,
  caps: [10, 30, 100, 300, 1000, 3000, 10_000, 30_000],
  weights: [1, 2, 5, 8, 10, 20, 50, Number.POSITIVE_INFINITY],
};

/** `--quick`: a few seeds of a small world, rough figures in seconds. */
export const QUICK_PLAN: CrowdPlan = {
  seeds: 3,
  sweepSeeds: 2,
  caps: [100, 1000, 10_000],
  weights: [2, 5, 10, Number.POSITIVE_INFINITY],
};

/** Options of {@link inProcessCrowdRows}; by default the OBD-like worlds and plans above. */
export interface InProcessCrowdOptions {
  readonly worlds?: CrowdWorlds;
  readonly plan?: CrowdPlan;
  /** Newcomers' decisions to play (default 100, the targets' checkpoint). */
  readonly horizon?: number;
  readonly firstSeed?: number;
}

const WORLD_IDS = ['homogeneous', 'cohorts'] as const;

/**
 * The crowd study in process: newcomers alone and with community priors merged as the
 * wave-2 edge merges them (core's bounded contributions and decisionKappa, see
 * createInProcessBackend), on the lab's homogeneous OBD-like world and its 4-cohort world;
 * a sweep of fixed caps (the merge before wave 2), a sweep of W with the hostile shifts that
 * justify it, variants of the defaults, and the κ published at each cohort's arrival.
 *
 * @example
 * const producer = inProcessCrowdRows();
 * const { keys, acceptance } = await producer({ quick: true, dataDir, threads: 2, log: console.log });
 */
export function inProcessCrowdRows(options: InProcessCrowdOptions = {}): CrowdRowProducer {
  return async (context: CrowdContext): Promise<CrowdRows> => {
    const obd = options.worlds === undefined ? await obdEnvironment(context.dataDir) : null;
    const worlds = options.worlds ?? crowdWorlds(obd!.environment.rates, context.quick);
    if (obd !== null) context.log(`Data: ${obd.sample.attribution}`);
    const plan = options.plan ?? (context.quick ? QUICK_PLAN : FULL_PLAN);
    const horizon = options.horizon ?? TARGET_CHECKPOINT;
    if (horizon < TARGET_CHECKPOINT)
      throw new LabError(
        `--horizon must be at least ${TARGET_CHECKPOINT}, the targets' checkpoint`,
      );
    const bound = chooseBound(plan.weights);
    const variants = comparedVariants();
    const configs = crowdConfigs(plan, variants);
    const total = configs.reduce((sum, c) => sum + c.seeds, 0) * WORLD_IDS.length;
    context.log(
      `Crowd study: ${configs.length} configurations × 2 worlds, ${total} runs ` +
        `(${plan.seeds} seeds for alone and the defaults; ${plan.sweepSeeds} for the rest)`,
    );
    const progress = createProgress('crowd: in-process', total);
    const study = await runCrowdStudy({
      worlds: { homogeneous: worlds.homogeneous, cohorts: worlds.cohorts },
      configs,
      horizon,
      firstSeed: options.firstSeed ?? 1,
      threads: context.threads,
      progress: { advance: () => progress.advance(1), stop: () => progress.stop() },
    });
    progress.stop();
    const data =
      obd === null
        ? null
        : {
            attribution: obd.sample.attribution,
            campaign: obd.sample.campaign,
            items: obd.sample.items,
          };
    const keys = { data, ...crowdKeys(study, worlds, plan, bound, variants) };
    for (const line of report(keys)) context.log(line);
    return { keys: { ...keys }, acceptance: acceptanceLines(keys) };
  };
}

interface Bound {
  readonly weight: number;
  readonly ids: number;
}

/** Share of each hostile-shift target a chosen bound may use: a fifth is kept as margin. */
export const BOUND_MARGIN = 0.8;

/**
 * W: the largest bound of the sweep at which one hostile client moves the mature arm by at
 * most 80% of the 0.25-point target; L: the most ids per address and hour at which 500
 * identities move it by at most 80% of the 1-point target. The margin keeps both targets met
 * if an attack outlasts a token's refill or the honest crowd is a little smaller.
 */
function chooseBound(weights: readonly number[]): Bound {
  const ok = weights.filter(
    (w) => Number.isFinite(w) && singleClientShift(w) <= BOUND_MARGIN * SINGLE_CLIENT_TARGET_PTS,
  );
  const weight = ok.length === 0 ? EDGE_DEFAULTS.maxWeightPerClient : Math.max(...ok);
  return { weight, ids: maxIdsPerWindow(weight, BOUND_MARGIN * SYBIL_TARGET_PTS) ?? 0 };
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

function kappaOptions(k: EdgeKappaOptions): Record<string, number | null> {
  return {
    floor: k.floor,
    ceiling: k.ceiling,
    fallback: k.fallback,
    minClients: k.minClients,
    minClientsPerArm: finite(k.minClientsPerArm),
    maxClientWeight: k.maxClientWeight,
    minClientWeight: k.minClientWeight ?? 2,
  };
}

function crowdKeys(
  study: CrowdStudy,
  worlds: CrowdWorlds,
  plan: CrowdPlan,
  bound: Bound,
  variants: ReturnType<typeof comparedVariants>,
): InProcessCrowdKeys {
  const seedsOf = (id: string) => study.outcomes.get('homogeneous')?.get(id)?.length ?? 0;
  const ratios = (id: string): WorldRatios => ({
    homogeneous: ratio(study, 'homogeneous', id, TARGET_CHECKPOINT),
    cohorts: ratio(study, 'cohorts', id, TARGET_CHECKPOINT),
    homogeneous_1000: ratio(study, 'homogeneous', id, 1000),
    cohorts_1000: ratio(study, 'cohorts', id, 1000),
    late:
      study.horizon > 1000
        ? {
            checkpoint: study.horizon,
            homogeneous: ratio(study, 'homogeneous', id, study.horizon),
            cohorts: ratio(study, 'cohorts', id, study.horizon),
          }
        : null,
    seeds: seedsOf(id),
  });
  const headline = (world: 'homogeneous' | 'cohorts', target: number) => {
    const r = ratio(study, world, 'default', TARGET_CHECKPOINT)!;
    return {
      ...r,
      checkpoint: TARGET_CHECKPOINT,
      seeds: seedsOf('default'),
      target,
      config: `learned κ, W = ${weightLabel(EDGE_DEFAULTS.maxWeightPerClient)}, no maxPriorStrength`,
    };
  };
  const homogeneous = headline('homogeneous', NEWCOMER_RATIO_TARGET);
  const cohortRatio = headline('cohorts', COHORT_RATIO_TARGET);
  const worst = Math.min(...seedRatios(study, 'cohorts', 'default', TARGET_CHECKPOINT));
  const caps = plan.caps.map((cap) => ({ cap, ...ratios(capId(cap)) }));
  const best = (world: 'homogeneous' | 'cohorts'): BestCap => {
    const top = caps.reduce((a, b) => ((b[world]?.value ?? 0) > (a[world]?.value ?? 0) ? b : a));
    return { cap: top.cap, ...top[world]!, seeds: top.seeds };
  };
  const weights: WeightRow[] = plan.weights.map((w) => {
    const ids = maxIdsPerWindow(w);
    return {
      max_weight_per_client: finite(w),
      ...ratios(weightConfigId(w)),
      single_client_shift_pts: singleClientShift(w),
      max_ids_per_hour: ids,
      sybil_shift_pts: sybilShift(w, ids ?? 0),
    };
  });
  const kappaOver = (id: string) => ({
    homogeneous: kappaPoints(study, 'homogeneous', id, worlds.homogeneous),
    cohorts: kappaPoints(study, 'cohorts', id, worlds.cohorts),
  });
  const describe = (w: CrowdWorld) => ({
    cohorts: w.cohorts,
    users_per_cohort: w.usersPerCohort,
    arrival_gap: w.arrivalGap,
    decisions_per_user: w.decisionsPerUser,
    refresh_every: w.refreshEvery,
    concentration: w.concentration,
    taste_cohorts: w.tastes?.length ?? 1,
    item_rates: Array.from(w.itemRates),
    ...(w.tastes === undefined ? {} : { tastes: w.tastes.map((t) => [...t]) }),
  });
  return {
    newcomer_regret_ratio_default: {
      ...homogeneous,
      pass: homogeneous.value >= NEWCOMER_RATIO_TARGET,
    },
    cohort_regret_ratio_default: {
      ...cohortRatio,
      worst_seed: worst,
      never_worse_than_alone: worst >= 1,
      pass: cohortRatio.value >= COHORT_RATIO_TARGET && worst >= 1,
    },
    default_ratios: ratios('default'),
    best_fixed_cap_ratio: { homogeneous: best('homogeneous'), cohorts: best('cohorts') },
    fixed_cap_sweep: caps,
    weight_sweep: weights,
    variants: variants.map((v) => ({
      id: v.id,
      label: v.label,
      max_weight_per_client: finite(v.maxWeightPerClient),
      kappa: kappaOptions(v.kappa),
      ...ratios(v.id),
    })),
    chosen_bounds: {
      rule: `the largest W and L of the sweep within ${BOUND_MARGIN * 100}% of the hostile-shift targets`,
      max_weight_per_client: bound.weight,
      ids_per_address_per_hour: bound.ids,
      single_client_shift_pts: singleClientShift(bound.weight),
      sybil_shift_pts: sybilShift(bound.weight, bound.ids),
      edge_defaults: {
        max_weight_per_client: EDGE_DEFAULTS.maxWeightPerClient,
        kappa: kappaOptions(EDGE_DEFAULTS.kappa),
      },
      matches_edge_default_weight: bound.weight === EDGE_DEFAULTS.maxWeightPerClient,
    },
    kappa_over_time: kappaOver('default'),
    kappa_fixed_exposure: {
      homogeneous: fixedExposure(worlds.homogeneous),
      cohorts: fixedExposure(worlds.cohorts),
    },
    newcomer_regret: {
      homogeneous: {
        alone: regretEstimates(study, 'homogeneous', 'alone'),
        default: regretEstimates(study, 'homogeneous', 'default'),
      },
      cohorts: {
        alone: regretEstimates(study, 'cohorts', 'alone'),
        default: regretEstimates(study, 'cohorts', 'default'),
      },
    },
    crowd_study: {
      checkpoints: study.checkpoints,
      horizon: study.horizon,
      seeds: plan.seeds,
      sweep_seeds: plan.sweepSeeds,
      edge_defaults: {
        maxWeightPerClient: EDGE_DEFAULTS.maxWeightPerClient,
        kappa: kappaOptions(EDGE_DEFAULTS.kappa),
        maxPriorStrength: null,
      },
      worlds: {
        homogeneous: describe(worlds.homogeneous),
        cohorts: describe(worlds.cohorts),
      },
    },
  };
}

/** Exposures per user and item of the fixed-exposure check of the κ estimator. */
const FIXED_EXPOSURES = [20, 50, 200];

function fixedExposure(world: CrowdWorld) {
  return {
    implied: impliedKappa(world),
    estimates: FIXED_EXPOSURES.map((n) => fixedExposureKappa(world, n, 1, EDGE_DEFAULTS.kappa)),
  };
}

/** Newcomers' mean regret per checkpoint with its 95% interval over seeds; null: not reached. */
function regretEstimates(study: CrowdStudy, world: string, id: string): (Estimate | null)[] {
  const runs = study.outcomes.get(world)?.get(id) ?? [];
  return study.checkpoints.map((_, j) => {
    const values = runs.map((o) => o.regret[j]!);
    return values.length === 0 || values.some((v) => Number.isNaN(v)) ? null : meanInterval(values);
  });
}

/** The κ published at each cohort's arrival, over the seeds of one configuration. */
function kappaPoints(study: CrowdStudy, world: string, id: string, w: CrowdWorld): KappaPoint[] {
  const runs = study.outcomes.get(world)?.get(id) ?? [];
  const first = runs[0];
  if (first === undefined) return [];
  return first.kappa.map((point, i) => {
    const at = runs.map((r) => r.kappa[i]!);
    const values = at.map((k) => k.value).sort((a, b) => a - b);
    const sources: Partial<Record<string, number>> = {};
    for (const k of at) sources[k.source] = (sources[k.source] ?? 0) + 1;
    const lowest = at
      .map((k) => k.lowestArm)
      .filter((x): x is number => x !== null)
      .sort((a, b) => a - b);
    return {
      cohort: point.round / w.arrivalGap + 1,
      round: point.round,
      users: (point.round / w.arrivalGap) * w.usersPerCohort,
      median: quantileSorted(values, 0.5),
      min: values[0]!,
      max: values.at(-1)!,
      sources,
      items_with_own_kappa: at.reduce((sum, k) => sum + k.arms, 0) / at.length,
      lowest_item_kappa: lowest.length === 0 ? null : quantileSorted(lowest, 0.5),
    };
  });
}

const pts = (x: number) => `${x.toFixed(3)} pts`;

function report(keys: InProcessCrowdKeys): string[] {
  return [
    '',
    `Newcomers' regret over their first ${TARGET_CHECKPOINT} decisions, alone ÷ with priors (mean [95% CI] over seeds); ` +
      'the first 1,000 where reached (cohorts 2–4 of the full worlds):',
    '',
    capTable(keys),
    '',
    'The per-client bound W (learned κ, other options at their defaults) and what a hostile client moves a mature arm ' +
      '(2,000 events at 50%) by:',
    '',
    weightTable(keys),
    '',
    'Variants of the defaults:',
    '',
    variantTable(keys),
    '',
    "κ the edge would publish at each cohort's arrival (defaults; median [min, max] over seeds):",
    '',
    kappaTable(keys.kappa_over_time),
    '',
    "The same estimator on the same users if every user saw every item n times (exposures that do not adapt to the user's clicks):",
    '',
    fixedExposureTable(keys.kappa_fixed_exposure),
    '',
  ];
}

function acceptanceLines(keys: InProcessCrowdKeys): string[] {
  const h = keys.newcomer_regret_ratio_default;
  const c = keys.cohort_regret_ratio_default;
  const best = keys.best_fixed_cap_ratio;
  const r = keys.chosen_bounds;
  return [
    `ACCEPTANCE newcomer_regret_ratio_default ≥ ${NEWCOMER_RATIO_TARGET} (homogeneous OBD-like world, ${h.config}, ${h.seeds} seeds): ` +
      `${withInterval(h)} → ${h.pass ? 'PASS' : 'FAIL'}`,
    `ACCEPTANCE cohort_regret_ratio_default ≥ ${COHORT_RATIO_TARGET}, never worse than alone (4-cohort world, ${c.seeds} seeds): ` +
      `${withInterval(c)}, worst seed ${figure(c.worst_seed)} → ${c.pass ? 'PASS' : 'FAIL'}`,
    `  report: best fixed cap (unbounded totals): homogeneous ${figure(best.homogeneous.cap)} → ${withInterval(best.homogeneous)}; ` +
      `4-cohort ${figure(best.cohorts.cap)} → ${withInterval(best.cohorts)}`,
    `  report: ${r.rule}: W = ${figure(r.max_weight_per_client)} (one hostile client ${pts(r.single_client_shift_pts)} ≤ ${SINGLE_CLIENT_TARGET_PTS}), ` +
      `L = ${r.ids_per_address_per_hour} ids per address and hour (500 identities ${pts(r.sybil_shift_pts)} ≤ ${SYBIL_TARGET_PTS}); ` +
      `the edge's default W is ${figure(r.edge_defaults.max_weight_per_client)}${r.matches_edge_default_weight ? '' : ' (differs)'}`,
  ];
}
