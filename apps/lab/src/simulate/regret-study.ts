import { type CostedTask, runPool } from '../parallel/pool.ts';
import type { BanditTask } from '../parallel/tasks.ts';
import type { PolicyName } from '../policies/policy.ts';
import type { Progress } from '../progress.ts';
import { type Estimate, meanInterval } from '../stats.ts';
import { logCheckpoints } from './checkpoints.ts';
import type { Environment } from './environments.ts';
import { laiRobbinsConstant } from './lai-robbins.ts';

/** Options of {@link runRegretStudy}. */
export interface RegretStudyOptions {
  readonly environments: readonly Environment[];
  readonly policies: readonly PolicyName[];
  readonly horizon: number;
  readonly seeds: number;
  /** Seeds used are firstSeed, firstSeed + 1, … */
  readonly firstSeed: number;
  readonly threads?: number;
  readonly progress?: Progress;
}

/** One policy on one environment, over seeds. */
export interface PolicyRegret {
  readonly policy: PolicyName;
  /** Mean cumulative regret at each checkpoint, with a 95% CLT interval over seeds. */
  readonly mean: readonly number[];
  readonly low: readonly number[];
  readonly high: readonly number[];
  /** Regret added over the last decade divided by C_LR·ln 10, mean and 95% interval over seeds. */
  readonly slopeRatio: Estimate;
}

/** Every policy on one environment. */
export interface EnvironmentRegret {
  readonly id: string;
  readonly label: string;
  readonly source?: string;
  readonly rates: readonly number[];
  /** The Lai–Robbins constant C_LR = Σ Δᵢ / KL(μᵢ ‖ μ*). */
  readonly laiRobbins: number;
  readonly checkpoints: readonly number[];
  /** The decade over which slopes are measured. */
  readonly slopeFrom: number;
  readonly slopeTo: number;
  readonly policies: readonly PolicyRegret[];
}

/** Relative cost of one run, for scheduling and the progress bar: arms × steps for TS. */
function costOf(policy: PolicyName, arms: number, horizon: number): number {
  return (policy === 'thompson' ? arms : policy === 'random' ? 0.1 : 1.5) * horizon;
}

/**
 * Runs every policy on every environment for `seeds` seeds (seed-parallel on worker
 * threads) and summarises the regret curves and the slope ratio to the Lai–Robbins bound
 * over the last decade of T (T/10 to T).
 *
 * @example
 * const study = await runRegretStudy({ environments: SYNTHETIC_ENVIRONMENTS, policies: POLICY_NAMES, horizon: 1e6, seeds: 20, firstSeed: 1 });
 */
export async function runRegretStudy(options: RegretStudyOptions): Promise<EnvironmentRegret[]> {
  const { horizon, seeds } = options;
  const checkpoints = logCheckpoints(horizon);
  const slopeTo = horizon;
  const slopeFrom = horizon / 10;
  if (!Number.isInteger(slopeFrom) || !checkpoints.includes(slopeFrom)) {
    throw new RangeError(`the horizon must be a multiple of 10 ≥ 100, got ${horizon}`);
  }
  const tasks: CostedTask<BanditTask>[] = [];
  for (const env of options.environments) {
    for (const policy of options.policies) {
      for (let s = 0; s < seeds; s++) {
        tasks.push({
          task: {
            kind: 'bandit',
            options: {
              rates: Array.from(env.rates),
              policy,
              horizon,
              checkpoints: Array.from(checkpoints),
              seed: options.firstSeed + s,
            },
          },
          cost: costOf(policy, env.rates.length, horizon),
        });
      }
    }
  }
  const runs = await runPool(tasks, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const fromAt = checkpoints.indexOf(slopeFrom);
  const toAt = checkpoints.indexOf(slopeTo);
  let next = 0;
  return options.environments.map((env) => {
    const laiRobbins = laiRobbinsConstant(env.rates);
    const policies = options.policies.map((policy): PolicyRegret => {
      const curves = runs.slice(next, next + seeds);
      next += seeds;
      const perCheckpoint = Array.from(checkpoints, (_, c) =>
        meanInterval(curves.map((curve) => curve[c]!)),
      );
      const ratios = curves.map(
        (curve) => (curve[toAt]! - curve[fromAt]!) / (laiRobbins * Math.LN10),
      );
      return {
        policy,
        mean: perCheckpoint.map((e) => e.value),
        low: perCheckpoint.map((e) => e.low),
        high: perCheckpoint.map((e) => e.high),
        slopeRatio: meanInterval(ratios),
      };
    });
    return {
      id: env.id,
      label: env.label,
      ...(env.source === undefined ? {} : { source: env.source }),
      rates: Array.from(env.rates),
      laiRobbins,
      checkpoints: Array.from(checkpoints),
      slopeFrom,
      slopeTo,
      policies,
    };
  });
}
