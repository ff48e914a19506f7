// Internal: the host's experiment code, a chunk of its own: loaded on the first `assign` or
// `track`, or as the host starts when a stored experiment switches a decision's policy (so
// the first `rank` already follows the assignment). Assignment needs no network: it reads
// the experiments snapshot the sync code stored in IndexedDB.
import {
  type Candidate,
  type Catalog,
  type ChooseOptions,
  type ChooseResult,
  CrowdbanditError,
  type CrowdbanditErrorCode,
  describeValue,
  type ExperimentVariation,
  type FeedbackEvent,
  type FeedbackOptions,
  type FeedbackResult,
  type Policy,
  type RankedItem,
  type RankOptions,
} from '@crowdbandit/core';
import {
  type Experiment,
  type ExperimentsSnapshot,
  experimentDelta,
} from '@crowdbandit/protocol/client';
import type { Assignment } from '../client-types.ts';
import {
  exposureKey,
  readExperiments,
  recordConversions,
  recordExposure,
} from '../storage/experiment-ops.ts';
import type { Store } from '../storage/store.ts';
import { assignVariation } from './assignment.ts';
import type { HostConfig } from './host-api.ts';
import { describe, type LocalState } from './local-state.ts';

/**
 * Experiment, variation and metric keys: protocol's EXPERIMENT_KEY, which its client entry
 * does not export (experiments.test.ts holds the two equal).
 */
export const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The largest conversion value (the wire's largest count). */
const MAX_VALUE = 1e9;

function checkKey(
  value: unknown,
  field: string,
  code: CrowdbanditErrorCode,
): asserts value is string {
  if (typeof value !== 'string' || !KEY.test(value)) {
    throw new CrowdbanditError(
      code,
      `${field} must be 1–64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit, got ${describeValue(value)}`,
      field,
    );
  }
}

/** The user id among `attributes`, if any; throws naming what to fix. */
function userIdOf(attributes: unknown): string | undefined {
  if (attributes === undefined) return undefined;
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw new CrowdbanditError(
      'invalid_option',
      `attributes must be an object such as { userId: 'u-42' }, got ${describeValue(attributes)}`,
      'attributes',
    );
  }
  for (const name of Object.keys(attributes)) {
    if (name !== 'userId') {
      throw new CrowdbanditError(
        'invalid_option',
        `attributes.${name}: unknown attribute (known: userId)`,
        `attributes.${name}`,
      );
    }
  }
  const { userId } = attributes as { userId?: unknown };
  if (userId !== undefined && (typeof userId !== 'string' || userId === '')) {
    throw new CrowdbanditError(
      'invalid_option',
      `attributes.userId must be a non-empty string, got ${describeValue(userId)}`,
      'attributes.userId',
    );
  }
  return userId;
}

/** The policy a decision follows for this user, and the experiment that set it. */
interface Chosen {
  readonly policy: Policy;
  readonly experiment: ExperimentVariation;
}

/** A running experiment in which a conversion may count, and the key of the user's exposure. */
interface Target {
  readonly experiment: Experiment;
  readonly exposure: string;
}

/**
 * Creates the host's experiments, reading the stored snapshot.
 *
 * @example
 * const experiments = await createExperiments(local, Date.now);
 * await experiments.assign('new-onboarding', { userId: 'u-42' });
 */
export async function createExperiments(
  local: LocalState,
  now: () => number,
): Promise<Experiments> {
  const experiments = new Experiments(local, local.config, now);
  await experiments.reload();
  return experiments;
}

export class Experiments {
  readonly #local: LocalState;
  readonly #now: () => number;
  /** Counts go to `pending` only when there is an edge to send them to. */
  readonly #tracking: boolean;
  #snapshot: ExperimentsSnapshot | null = null;
  #userId: string | null;
  /** Exposure keys recorded (or found recorded) by this host, for the client id below. */
  readonly #exposed = new Set<string>();
  #exposedFor = '';
  readonly #warned = new Set<string>();

  constructor(local: LocalState, config: HostConfig, now: () => number) {
    this.#local = local;
    this.#now = now;
    this.#tracking = config.endpoint != null;
    this.#userId = config.userId ?? null;
  }

  /** Re-reads the stored snapshot (the sync code or another tab stored a new one). */
  async reload(): Promise<void> {
    try {
      const record = await readExperiments(this.#local.store);
      if (record !== undefined) this.#snapshot = record.snapshot;
    } catch (error) {
      // The snapshot in memory, if any, stays in use.
      await this.#local.fallBack(`reading experiments failed: ${describe(error)}`);
    }
  }

  async assign(key: unknown, attributes?: unknown): Promise<Assignment> {
    checkKey(key, 'experiment', 'invalid_option');
    const userId = userIdOf(attributes);
    if (userId !== undefined) this.#userId = userId;
    const experiment = this.#experiment(key);
    const assignment = this.#assign(experiment, key);
    if (assignment.inExperiment) await this.#expose(experiment!, assignment);
    return assignment;
  }

  async track(metric: unknown, value: unknown = 1): Promise<string[]> {
    checkKey(metric, 'metric', 'invalid_event');
    if (typeof value !== 'number' || !(value >= 0.001 && value <= MAX_VALUE)) {
      throw new CrowdbanditError(
        'invalid_event',
        `value must be a number from 0.001 to ${MAX_VALUE}, got ${describeValue(value)}`,
        'value',
      );
    }
    return this.#convert((e) => e.metrics.includes(metric), metric, value);
  }

  /** The engine's `rank` as the decision's experiment, if any, has it for this user. */
  rank(
    decision: string,
    candidates: Catalog | readonly Candidate[],
    options: RankOptions,
  ): RankedItem[] {
    const engine = this.#local.engine;
    const chosen = this.#policyFor(decision);
    if (chosen === null) return engine.rank(decision, candidates, options);
    const { policy, experiment } = chosen;
    return engine
      .rank(decision, candidates, { ...options, policy })
      .map((item) => ({ ...item, explanation: { ...item.explanation, experiment } }));
  }

  /** The engine's `choose` as the decision's experiment, if any, has it for this user. */
  choose(decision: string, options: ChooseOptions): ChooseResult {
    const engine = this.#local.engine;
    const chosen = this.#policyFor(decision);
    if (chosen === null) return engine.choose(decision, options);
    const { policy, experiment } = chosen;
    return { ...engine.choose(decision, { ...options, policy }), experiment };
  }

  /**
   * The engine's `feedback`, which also counts as a conversion in the running experiments on
   * the decision: metric the event's type, value its success weight (when above 0). The
   * conversion is recorded without waiting for it.
   */
  feedback(
    decision: string,
    arm: string,
    event: FeedbackEvent,
    options?: FeedbackOptions,
  ): FeedbackResult {
    const result = this.#local.engine.feedback(decision, arm, event, options);
    const { reward } = result;
    const value = reward === null ? 0 : reward.w * reward.r;
    if (value >= 0.001) {
      const metric = typeof event === 'string' ? event : event.type;
      void this.#convert((e) => e.decision === decision, metric, value);
    }
    return result;
  }

  #experiment(key: string): Experiment | undefined {
    const all = this.#snapshot?.experiments;
    return all !== undefined && Object.hasOwn(all, key) ? all[key] : undefined;
  }

  #assign(experiment: Experiment | undefined, key: string): Assignment {
    const assignment = assignVariation(experiment, {
      clientId: this.#local.clientId,
      userId: this.#userId,
    });
    if (assignment.reason === 'no-user-id' && !this.#warned.has(key)) {
      this.#warned.add(key);
      console.warn(
        `crowdbandit: experiment "${key}" hashes the user id and none is known: pass createClient({ userId }) or assign('${key}', { userId }). Until then this user gets the control and is not counted.`,
      );
    }
    return assignment;
  }

  /**
   * The first experiment on `decision` that has this user in it, else the first running or
   * stopped one on it. A draft changes nobody's ranking: defining an experiment must not
   * switch a live decision to its control's policy before anyone starts it.
   */
  #policyFor(decision: string): Chosen | null {
    let fallback: Chosen | null = null;
    for (const experiment of Object.values(this.#snapshot?.experiments ?? {})) {
      if (experiment.decision !== decision || experiment.status === 'draft') continue;
      const a = this.#assign(experiment, experiment.key);
      const chosen: Chosen = {
        policy: experiment.variations[a.variation]?.policy ?? 'learner',
        experiment: { key: experiment.key, variation: a.variation, inExperiment: a.inExperiment },
      };
      if (a.inExperiment) {
        // Ranking with the experiment's policy is the exposure; it must not slow the call.
        void this.#expose(experiment, a);
        return chosen;
      }
      fallback ??= chosen;
    }
    return fallback;
  }

  async #expose(experiment: Experiment, a: Assignment): Promise<void> {
    const clientId = this.#local.clientId;
    if (this.#exposedFor !== clientId) {
      // A new client (cleared, or moved to memory): nothing of it is recorded yet.
      this.#exposed.clear();
      this.#exposedFor = clientId;
    }
    const key = exposureKey(experiment.key, experiment.phase, a.hashValue);
    if (this.#exposed.has(key)) return;
    this.#exposed.add(key);
    const delta = this.#tracking
      ? experimentDelta({
          experiment: experiment.key,
          phase: experiment.phase,
          variation: a.variation,
          metric: null,
          value: 1,
        })
      : null;
    const record = { variation: a.variation, at: this.#now() };
    try {
      await this.#write(
        (store) => recordExposure(store, key, record, delta),
        'recording an exposure',
      );
    } catch {
      // Reported; the next call tries again.
      this.#exposed.delete(key);
    }
  }

  async #convert(
    counts: (experiment: Experiment) => boolean,
    metric: string,
    value: number,
  ): Promise<string[]> {
    const candidates: Target[] = [];
    for (const experiment of Object.values(this.#snapshot?.experiments ?? {})) {
      if (experiment.status !== 'running' || !counts(experiment)) continue;
      const hashValue = experiment.hashAttribute === 'userId' ? this.#userId : this.#local.clientId;
      if (hashValue === null) continue;
      candidates.push({
        experiment,
        exposure: exposureKey(experiment.key, experiment.phase, hashValue),
      });
    }
    if (candidates.length === 0) return [];
    const count = ({ experiment }: Target, variation: number) =>
      experimentDelta({
        experiment: experiment.key,
        phase: experiment.phase,
        variation,
        metric,
        value,
      });
    try {
      const counted = await this.#write(
        (store) => recordConversions(store, candidates, count, this.#tracking),
        'recording a conversion',
      );
      return counted.map((c) => c.experiment.key);
    } catch {
      return [];
    }
  }

  /** Runs a write; when IndexedDB fails, moves to memory (reported) and runs it there. */
  async #write<T>(write: (store: Store) => Promise<T>, what: string): Promise<T> {
    try {
      return await write(this.#local.store);
    } catch (error) {
      await this.#local.fallBack(`${what} failed: ${describe(error)}`);
      return write(this.#local.store);
    }
  }
}
