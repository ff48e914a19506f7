// Internal: the host's experiments. Their code (experiments.ts) is a chunk of its own, loaded
// by the first `assign` or `track`, or as the host starts when a stored experiment switches a
// decision's policy; until it is loaded decisions and feedback go straight to the engine,
// and while it cannot load `assign` answers with the control.
import type { Engine } from '@crowdbandit/core';
import type { Assignment } from '../client-types.ts';
import type { Experiments } from './experiments.ts';
import { describe, type LocalState } from './local-state.ts';
import type { Reporter } from './reporter.ts';

/** Waits for a chunk at most the host's load timeout. */
type Within = <T>(chunk: Promise<T>, what: string) => Promise<T>;

/** The host's experiments, their code loaded on demand. */
export interface LazyExperiments {
  /** As the host starts: loads the code if a stored experiment switches a decision's policy, so the first rank follows it. */
  start(): Promise<void>;
  /**
   * The engine to answer `rank`, `choose` and `feedback` with: once loaded, the experiment
   * code, which wraps the engine's (switching a decision's policy for the user, recording
   * exposures and conversions); until then, the engine itself.
   */
  readonly engine: Pick<Engine, 'rank' | 'choose' | 'feedback'>;
  assign(experiment: unknown, attributes: unknown): Promise<Assignment>;
  track(metric: unknown, value: unknown): Promise<string[]>;
  /** A new experiments snapshot is stored (by this tab's sync code or another tab's). */
  stored(policy: boolean): void;
}

/**
 * Creates the host's experiments; their code is not loaded yet.
 *
 * @example
 * const experiments = lazyExperiments(local, reporter, Date.now, withinLoadTimeout);
 * await experiments.start();
 */
export function lazyExperiments(
  local: LocalState,
  reporter: Reporter,
  now: () => number,
  within: Within,
): LazyExperiments {
  /** The experiment code, once loaded. */
  let code: Experiments | null = null;
  let loading: Promise<Experiments> | null = null;
  // Loads the code once (again after a failure, which is reported); it reads the stored
  // experiments as it starts.
  const load = (): Promise<Experiments> =>
    (loading ??= within(import('./experiments.ts'), 'the experiment code')
      .then((c) => c.createExperiments(local, now))
      .then(
        (x) => (code = x),
        (error: unknown) => {
          // Reported; the next call tries again.
          loading = null;
          reporter.emit({
            type: 'error',
            payload: {
              source: 'network',
              message: `loading the experiment code failed: ${describe(error)}`,
            },
          });
          throw error;
        },
      ));
  return {
    async start() {
      if (local.policyExperiments) {
        await load().catch(() => null);
      }
    },
    get engine() {
      return code ?? local.engine;
    },
    async assign(experiment, attributes) {
      const x = await load().catch(() => null);
      // Without its code the experiment is as good as unknown: the control.
      return x
        ? x.assign(experiment, attributes)
        : {
            variation: 0,
            key: null,
            value: null,
            inExperiment: false,
            hashValue: local.clientId,
            reason: 'unknown',
          };
    },
    async track(metric, value) {
      const x = await load().catch(() => null);
      return x ? x.track(metric, value) : [];
    },
    stored(policy) {
      if (loading !== null || policy) {
        void load().then(
          (x) => x.reload(),
          () => null,
        );
      }
    },
  };
}
