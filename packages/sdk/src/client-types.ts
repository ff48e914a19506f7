import type {
  ArmPosterior,
  Candidate,
  ChooseResult,
  ContextValues,
  ChooseOptions as EngineChooseOptions,
  RankOptions as EngineRankOptions,
  FeedbackEvent,
  FeedbackOptions,
  FeedbackResult,
  RankedItem,
} from '@crowdbandit/core';

/**
 * Options of `client.rank`: the engine's (`k`, `context`, `exclude`, `excludeSeen`) and
 * `explain`.
 *
 * @example
 * const feed = await client.rank('home-feed', 'films', { k: 10, explain: true });
 * const [lo, hi] = feed[0].explanation.interval!; // the top film's 95% interval
 */
export interface RankOptions extends Omit<EngineRankOptions, 'policy'> {
  /**
   * Adds each item's equal-tailed 95% posterior interval to its explanation. Default false:
   * the interval math loads in the worker the first time it is asked for, and 20 intervals
   * cost about a quarter of a rank.
   */
  readonly explain?: boolean;
}

/**
 * Options of `client.choose`: the engine's (`k`, `context`, `available`) and `explain`.
 *
 * @example
 * const { arms } = await client.choose('strategy', { explain: true });
 * arms.map((a) => `${a.id}: ${a.mean} in [${a.interval![0]}, ${a.interval![1]}]`);
 */
export interface ChooseOptions extends Omit<EngineChooseOptions, 'policy'> {
  /** Adds each chosen arm's 95% posterior interval. Default false (see RankOptions.explain). */
  readonly explain?: boolean;
}

/** What a variation gives the app: its `value`, or its key when it has none. */
export type VariationValue = string | number | boolean;

/**
 * Why a user is or is not in an experiment: `assigned` (in it), `unknown` (no snapshot names
 * it yet: a first visit offline, a typo), `draft` (not started), `stopped` (everyone gets the
 * winner, or the control), `no-user-id` (it hashes the user id and none was given),
 * `namespace` or `coverage` (the user falls outside the experiment's slice of users).
 */
export type AssignmentReason =
  | 'assigned'
  | 'unknown'
  | 'draft'
  | 'stopped'
  | 'no-user-id'
  | 'namespace'
  | 'coverage';

/**
 * What `client.assign` answers. Outside the experiment a user gets the control
 * (`variation` 0), or a stopped experiment's winner.
 *
 * @example
 * const { value, inExperiment, reason } = await client.assign('new-onboarding');
 * if (value === 'short') showShortOnboarding();
 */
export interface Assignment {
  /** The variation's index: 0 is the control. */
  readonly variation: number;
  /** The variation's key; null while the experiment is unknown. */
  readonly key: string | null;
  /** The variation's value (its key when it has none); null while the experiment is unknown. */
  readonly value: VariationValue | null;
  /** True when the user is in the running experiment and counted (exposed) in it. */
  readonly inExperiment: boolean;
  /** What was hashed: the client's id, or the user id for a `userId` experiment. */
  readonly hashValue: string;
  readonly reason: AssignmentReason;
}

/**
 * Attributes of `client.assign`: `userId`, the app's id of the user, hashed by experiments
 * whose `hashAttribute` is `userId` (a user keeps a variation across devices). It stays this
 * client's user for later `rank`, `choose` and `track` calls, until another one is given.
 *
 * @example
 * await client.assign('pricing-page', { userId: account.id });
 */
export interface AssignAttributes {
  readonly userId?: string;
}

/**
 * What the sync loop is doing: `idle` (outbox empty or waiting for the next interval),
 * `sending` (one batch in flight), `backoff` (the edge failed or refused; retrying later),
 * `offline` (the network failed; retrying later), `local-only` (no endpoint: nothing is sent).
 *
 * @example
 * client.on('sync', ({ state }) => badge.classList.toggle('offline', state === 'offline'));
 */
export type SyncState = 'idle' | 'sending' | 'backoff' | 'offline' | 'local-only';

/**
 * The `sync` event, also what `flush()` resolves with.
 *
 * @example
 * const { state, pendingBatches, lastAckedSeq } = await client.flush();
 */
export interface SyncStatus {
  readonly state: SyncState;
  /** Sealed batches waiting in the outbox. */
  readonly pendingBatches: number;
  /** Highest seq the edge acknowledged (0 before the first). */
  readonly lastAckedSeq: number;
  readonly lastError?: string;
  /** In `backoff` and `offline`: when the next attempt is due. */
  readonly retryInMs?: number;
}

/**
 * The `priors` event: a new community snapshot is blended in.
 *
 * @example
 * client.on('priors', ({ version }) => console.log('community priors v', version));
 */
export interface PriorsUpdate {
  readonly version: number;
}

/**
 * The `storage` event: where learning is kept, and why when it is not IndexedDB.
 *
 * @example
 * client.on('storage', ({ mode, reason }) => {
 *   if (mode === 'memory') console.warn('learning will not survive a reload:', reason);
 * });
 */
export interface StorageReport {
  readonly mode: 'indexeddb' | 'memory';
  readonly reason?: string;
}

/**
 * The `error` event: runtime trouble, reported instead of thrown.
 * `network` (fetch failed or timed out), `edge` (the edge refused or rejected a batch),
 * `storage` (IndexedDB failed), `worker` (the worker crashed or stopped answering).
 *
 * @example
 * client.on('error', ({ source, message, code }) => monitor.warn(`crowdbandit ${source}: ${message}`, code));
 */
export interface ErrorReport {
  readonly source: 'network' | 'storage' | 'worker' | 'edge';
  readonly message: string;
  readonly code?: string;
}

/**
 * Events by name.
 *
 * @example
 * const show = (status: ClientEvents['sync']) => console.log(status.state);
 */
export interface ClientEvents {
  readonly sync: SyncStatus;
  readonly priors: PriorsUpdate;
  readonly storage: StorageReport;
  readonly error: ErrorReport;
}

/**
 * A snapshot of the client's state, from `client.status()`.
 *
 * @example
 * const { mode, storage, leader } = client.status(); // 'worker', 'indexeddb', true
 */
export interface ClientStatus {
  /** Where the engine runs. */
  readonly mode: 'worker' | 'in-thread';
  readonly storage: 'indexeddb' | 'memory';
  /** False after a network failure, until a request succeeds again. */
  readonly online: boolean;
  /** Whether this tab is the one that syncs (false in local-only mode). */
  readonly leader: boolean;
  readonly pendingBatches: number;
  readonly lastAckedSeq: number;
  /** Version of the community priors blended in, or null before the first snapshot. */
  readonly priorsVersion: number | null;
}

/**
 * The SDK's client: decisions answered by the engine in a Web Worker (or in-thread), learning
 * persisted in IndexedDB and synced with the edge.
 *
 * @example
 * const client = createClient({ appId: 'demo', decisions: { 'home-feed': { kind: 'rank' } } });
 * const feed = await client.rank('home-feed', films);
 * await client.feedback('home-feed', feed[0].id, 'like');
 */
export interface Client {
  /**
   * Prepares a named catalog once inside the engine, so `rank` can take its name instead of
   * the whole list. Throws a CrowdbanditError for an invalid candidate.
   */
  setCatalog(name: string, candidates: readonly Candidate[]): Promise<void>;
  /** Ranks a named catalog or a candidate list: best first, each with its explanation. */
  rank(
    decision: string,
    candidates: string | readonly Candidate[],
    options?: RankOptions,
  ): Promise<RankedItem[]>;
  /** Picks the top k arms of a `choose` decision with normalised weights. */
  choose(decision: string, options?: ChooseOptions): Promise<ChooseResult>;
  /** Learns from one event (like, dislike, click, bookmark, rating, dwell, impression). */
  feedback(
    decision: string,
    arm: string,
    event: FeedbackEvent,
    options?: FeedbackOptions,
  ): Promise<FeedbackResult>;
  /**
   * One arm's posterior (alpha, beta, mean, 95% interval, prior source), for "why this?". The
   * interval is missing only when its code could not load, which is reported as an `error`.
   */
  posterior(decision: string, arm: string, context?: ContextValues): Promise<ArmPosterior>;
  /**
   * The variation of an experiment for this user, answered on the device (no network): the
   * same for the same user and phase on every call, reload and device (GrowthBook's hashing,
   * so users migrated from GrowthBook keep theirs). The first exposure of a user in a phase
   * is counted once, through the outbox. An experiment the client does not know yet (first
   * visit offline) gives the control with `value` null and `reason: 'unknown'`. Rejects with
   * a CrowdbanditError (`invalid_option`, `field`) for a bad key or attributes.
   *
   * @example
   * const { value, inExperiment } = await client.assign('checkout-button', { userId: 'u-42' });
   * button.textContent = value === 'buy-now' ? 'Buy now' : 'Add to cart';
   */
  assign(experiment: string, attributes?: AssignAttributes): Promise<Assignment>;
  /**
   * Counts a conversion worth `value` (default 1, at least 0.001) in every running experiment
   * that lists `metric` and in which this user was exposed in the current phase; resolves
   * with the keys of those experiments. Only the count leaves the device. Rejects with a
   * CrowdbanditError (`invalid_event`, `field`) for a bad metric or value.
   *
   * @example
   * await client.track('purchase');
   * await client.track('revenue', 42.5);
   */
  track(metric: string, value?: number): Promise<string[]>;
  /** Seals pending deltas and sends them now; resolves with the sync status. */
  flush(): Promise<SyncStatus>;
  /** The latest known state, synchronously. */
  status(): ClientStatus;
  /** Listens to an event; returns a function that stops listening. */
  on<E extends keyof ClientEvents>(
    event: E,
    listener: (payload: ClientEvents[E]) => void,
  ): () => void;
  /** Same as {@link Client.on}. */
  subscribe<E extends keyof ClientEvents>(
    event: E,
    listener: (payload: ClientEvents[E]) => void,
  ): () => void;
  /** Wipes everything stored locally (evidence, outbox, priors, session, meta) and starts fresh. */
  clear(): Promise<void>;
  /** Saves what is pending, stops syncing and the worker. The client cannot be used after. */
  close(): Promise<void>;
}
