// Internal: the contract between the main-thread client and the engine host, which runs in a
// Web Worker or in-thread behind a MessageChannel, and is called over comlink. Arguments and
// answers are structured-clone data; the listener and the page's fetch cross as comlink
// proxies (host-port.ts), and a thrown CrowdbanditError as one (host/boundary.ts).
import type {
  ArmPosterior,
  Candidate,
  ChooseResult,
  ContextValues,
  DecisionConfig,
  FeedbackEvent,
  FeedbackOptions,
  FeedbackResult,
  RankedItem,
  SessionOptions,
} from '@crowdbandit/core';
import type {
  AssignAttributes,
  Assignment,
  ChooseOptions,
  ClientEvents,
  ClientStatus,
  SyncStatus,
} from '../client-types.ts';
import type { RetryPolicy } from '../sync/backoff.ts';

/** The host's configuration: plain data only, so it can be posted to a worker. */
export interface HostConfig {
  readonly appId: string;
  /** Left out (or null) in local-only mode. */
  readonly endpoint?: string | null;
  readonly publishableKey?: string | null;
  readonly decisions: Readonly<Record<string, DecisionConfig>>;
  /** The app's id of the user, for experiments that hash it. */
  readonly userId?: string;
  readonly seed?: number;
  readonly session?: Partial<SessionOptions>;
  readonly dbName: string;
  readonly storage: 'indexeddb' | 'memory';
  /** Give up opening IndexedDB after this long (blocked upgrade), ms. */
  readonly openTimeoutMs: number;
  /** How long the client waits for one call before it restarts the host, ms. */
  readonly callTimeoutMs: number;
  // Tuning of the host's own, with defaults filled in by the host.
  /** Debounce of the write-behind of evidence, ms. Default 250. */
  readonly persistDelayMs?: number;
  /**
   * Longest wait for a chunk loaded on demand on a call's path, ms. Default: half the call
   * timeout, so a slow download is never taken for a dead worker.
   */
  readonly loadTimeoutMs?: number;
  // Sync settings: their defaults are filled in by the sync code, which only a client with an
  // endpoint loads.
  /** Default 30 000. */
  readonly flushIntervalMs?: number;
  /** Default `'binary'`. */
  readonly transport?: 'binary' | 'json';
  /** Subscribe to priors announcements over a WebSocket. Default true. */
  readonly webSocket?: boolean;
  /** Conditional GET of the priors this often, ms. Default 60 000. */
  readonly priorsPollMs?: number;
  /** Default 1000 and 60 000. */
  readonly retry?: Partial<RetryPolicy>;
  /** Default 15 000. */
  readonly requestTimeoutMs?: number;
}

/** The host's state, without the client-side `mode`. */
export type HostStatus = Omit<ClientStatus, 'mode'>;

/** An event for the client's listeners, with the status after it. */
export type HostEvent = {
  [E in keyof ClientEvents]: { readonly type: E; readonly payload: ClientEvents[E] };
}[keyof ClientEvents];

/** Receives the host's events and status changes (a comlink proxy of the client's, across a worker). */
export type HostListener = (event: HostEvent | null, status: HostStatus) => void;

/** A response as plain data, for a fetch made on the main thread on the worker's behalf. */
export interface BridgedResponse {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

/** A request as plain data, for the main thread's fetch. */
export interface BridgedRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | string;
  readonly keepalive?: boolean;
}

/** A fetch running on the main thread, seen from the host. */
export type FetchBridge = (url: string, init: BridgedRequest) => Promise<BridgedResponse>;

/** The page's fetch, for a host behind a port (the client hands it over: host-port.ts). */
export interface PageFetch {
  readonly fetch: FetchBridge;
  /**
   * The app passed its own fetch. A worker cannot be given it, so every request of the host
   * goes through the page; an in-thread host calls it directly.
   */
  readonly all: boolean;
}

/** Rank options as they cross: `exclude` as an array. */
export interface HostRankOptions {
  readonly k?: number;
  readonly context?: ContextValues;
  readonly exclude?: readonly string[];
  readonly excludeSeen?: boolean;
  readonly explain?: boolean;
}

/**
 * What the engine host answers. Bad input (an unknown decision, an invalid candidate) throws
 * the engine's CrowdbanditError, which reaches the client as one.
 */
export interface HostApi {
  /**
   * `pageFetch`: the page's fetch, when the host runs behind a port; `appFetch`: it is the
   * app's own, which every request goes through (see PageFetch).
   */
  init(
    config: HostConfig,
    listener: HostListener,
    pageFetch?: FetchBridge,
    appFetch?: boolean,
  ): Promise<HostStatus>;
  setCatalog(name: string, candidates: readonly Candidate[]): Promise<number>;
  rank(
    decision: string,
    candidates: string | readonly Candidate[],
    options?: HostRankOptions,
  ): Promise<RankedItem[]>;
  choose(decision: string, options?: ChooseOptions): Promise<ChooseResult>;
  feedback(
    decision: string,
    arm: string,
    event: FeedbackEvent,
    options?: FeedbackOptions,
  ): Promise<FeedbackResult>;
  posterior(decision: string, arm: string, context?: ContextValues): Promise<ArmPosterior>;
  assign(experiment: string, attributes?: AssignAttributes): Promise<Assignment>;
  track(metric: string, value?: number): Promise<string[]>;
  flush(): Promise<SyncStatus>;
  /**
   * The page may be going away: saves what is unsaved and, in the leader tab, seals and sends
   * the lowest outbox batch with keepalive through the page's fetch (a worker's own request
   * may die with the page), then records the answer if it comes.
   */
  unload(): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** The host's methods besides `init`, called by name. */
export type HostMethod = Exclude<keyof HostApi, 'init'>;
