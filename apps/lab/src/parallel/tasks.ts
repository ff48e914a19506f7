import type { CommunityWorld } from '../community/community-world.ts';
import type { PublishedKappa } from '../community/edge-merge.ts';
import { type CrowdMerge, createInProcessBackend } from '../community/in-process-backend.ts';
import { type CommunityRunResult, runCommunity } from '../community/run-community.ts';
import {
  bootstrapRows,
  type ReplayEstimates,
  type ReplayLog,
  replayPass,
} from '../replay/replay-run.ts';
import type { ReplayVariant } from '../replay/replay-variant.ts';
import { type BanditRunOptions, runBandit } from '../simulate/run-bandit.ts';

/** One seed of one bandit configuration: regret at the checkpoints. */
export interface BanditTask {
  readonly kind: 'bandit';
  readonly options: BanditRunOptions;
}

/** One seed of one community configuration through the in-process backend. */
export interface CommunityTask {
  readonly kind: 'community';
  readonly world: CommunityWorld;
  /** How the crowd is merged (`maxPriorStrength: null`: everyone learns alone). */
  readonly crowd: CrowdMerge;
  /** Default: 10, 100, … and the users' horizon. */
  readonly checkpoints?: readonly number[];
  /** Play only the first `rounds` rounds (see runCommunity). */
  readonly rounds?: number;
}

/** A community run and the κ its backend published at each refresh. */
export interface CommunityTaskResult extends CommunityRunResult {
  readonly kappa: readonly PublishedKappa[];
}

/**
 * Replay passes of one policy over a log: replicate 0 is the log itself, others bootstrap
 * resamples (see bootstrapRows); each job has its own policy seed.
 */
export interface ReplayTask {
  readonly kind: 'replay';
  readonly log: ReplayLog;
  readonly variant: ReplayVariant;
  readonly jobs: readonly { readonly replicate: number; readonly seed: number }[];
}

/** Work a pool thread can do: plain data in, plain data out. */
export type Task = BanditTask | CommunityTask | ReplayTask;

/** The result type of each task kind. */
export interface TaskResults {
  bandit: Float64Array;
  community: CommunityTaskResult;
  replay: ReplayEstimates[];
}

/**
 * Runs one task in this thread.
 *
 * @example
 * await runTask({ kind: 'bandit', options: { rates: [0.5, 0.4], policy: 'ucb1', horizon: 100, checkpoints: [100], seed: 1 } });
 */
export async function runTask(task: Task): Promise<TaskResults[Task['kind']]> {
  switch (task.kind) {
    case 'bandit':
      return runBandit(task.options);
    case 'community': {
      const backend = createInProcessBackend({
        ...task.crowd,
        items: task.world.itemRates.length,
        seed: task.world.seed,
      });
      const run = await runCommunity(task.world, backend, task.checkpoints, task.rounds);
      return { ...run, kappa: backend.kappaHistory() };
    }
    case 'replay':
      return task.jobs.map(({ replicate, seed }) =>
        replayPass(
          task.log,
          task.variant,
          bootstrapRows(task.log.item.length, replicate, seed),
          seed,
        ),
      );
  }
}
