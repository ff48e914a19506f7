import { type CostedTask, runPool } from '../parallel/pool.ts';
import type { ReplayTask } from '../parallel/tasks.ts';
import type { Progress } from '../progress.ts';
import { type Estimate, mean, quantileSorted } from '../stats.ts';
import type { ReplayEstimates, ReplayLog } from './replay-run.ts';
import type { ReplayVariant } from './replay-variant.ts';

/** Options of {@link runReplayStudy}. */
export interface ReplayStudyOptions {
  readonly log: ReplayLog;
  readonly variants: readonly ReplayVariant[];
  /** Policy seeds whose passes over the log itself are averaged into the point estimate. */
  readonly seeds: number;
  /** Bootstrap replicates behind each 95% interval. */
  readonly bootstrap: number;
  readonly firstSeed: number;
  readonly threads?: number;
  readonly progress?: Progress;
}

/** One policy's offline estimates. */
export interface VariantEstimates {
  readonly variant: ReplayVariant;
  readonly replay: Estimate;
  /** Mean number of rows replay accepted. */
  readonly matched: number;
  readonly clicks: number;
  readonly ips: Estimate;
  readonly snips: Estimate;
}

const CHUNK = 25;

/**
 * Replay, IPS and SNIPS for each policy: point estimates are the mean over `seeds` policy
 * seeds on the log itself; 95% intervals are bootstrap percentile intervals over
 * `bootstrap` resamples of the log's rows (time order kept), each with a fresh policy seed,
 * so they cover both the sample and the policy's own randomness.
 *
 * @example
 * const results = await runReplayStudy({ log, variants, seeds: 20, bootstrap: 200, firstSeed: 1 });
 */
export async function runReplayStudy(options: ReplayStudyOptions): Promise<VariantEstimates[]> {
  const tasks: CostedTask<ReplayTask>[] = [];
  for (const variant of options.variants) {
    const jobs = [
      ...Array.from({ length: options.seeds }, (_, s) => ({
        replicate: 0,
        seed: options.firstSeed + s,
      })),
      ...Array.from({ length: options.bootstrap }, (_, b) => ({
        replicate: b + 1,
        seed: options.firstSeed + options.seeds + b,
      })),
    ];
    const cost = variant.policy === 'thompson' ? 20 : 1;
    for (let i = 0; i < jobs.length; i += CHUNK) {
      const chunk = jobs.slice(i, i + CHUNK);
      tasks.push({
        task: { kind: 'replay', log: options.log, variant, jobs: chunk },
        cost: cost * chunk.length,
      });
    }
  }
  const chunks = await runPool(tasks, {
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  });
  const flat: ReplayEstimates[] = chunks.flat();
  let at = 0;
  return options.variants.map((variant) => {
    const passes = flat.slice(at, at + options.seeds + options.bootstrap);
    at += options.seeds + options.bootstrap;
    const point = passes.slice(0, options.seeds);
    const resampled = passes.slice(options.seeds);
    const estimate = (pick: (e: ReplayEstimates) => number): Estimate => {
      const sorted = Float64Array.from(resampled.map(pick).filter((x) => !Number.isNaN(x))).sort();
      return {
        value: mean(point.map(pick).filter((x) => !Number.isNaN(x))),
        low: quantileSorted(sorted, 0.025),
        high: quantileSorted(sorted, 0.975),
      };
    };
    return {
      variant,
      replay: estimate((e) => e.replay),
      matched: mean(point.map((e) => e.matched)),
      clicks: mean(point.map((e) => e.clicks)),
      ips: estimate((e) => e.ips),
      snips: estimate((e) => e.snips),
    };
  });
}
