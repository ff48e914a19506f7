// Internal: talking to the edge, done by the leader tab only: the batch send loop, priors
// polling and the announcement socket start when this host wins the Web Lock. The host loads
// this module (with the protocol) on demand, so a local-only client never downloads it and
// one with an endpoint answers from local state before it arrives.
import {
  decodeExperimentsAnnouncement,
  type ExperimentsSnapshot,
  type PriorsSnapshot,
} from '@crowdbandit/protocol/client';
import type { ErrorReport, SyncStatus } from '../client-types.ts';
import type { HalfLifeOf } from '../storage/evidence-ops.ts';
import { ackBatch, lowestBatch, sealPending } from '../storage/outbox-ops.ts';
import type { Store } from '../storage/store.ts';
import { ArmRefs, type PriorArms } from '../sync/arm-refs.ts';
import {
  type BatchRequest,
  batchRequest,
  classifyResponse,
  type EdgeTarget,
  type SendOutcome,
} from '../sync/batch-request.ts';
import { ClientIdentity } from '../sync/client-identity.ts';
import { ExperimentsSync } from '../sync/experiments-sync.ts';
import { holdLeadership } from '../sync/leadership.ts';
import { PriorsSync } from '../sync/priors-sync.ts';
import { randomId } from '../sync/random-id.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import { within } from '../within.ts';
import type { HostConfig } from './host-api.ts';
import { syncSettings } from './sync-settings.ts';

export interface EdgeSyncDeps {
  readonly config: HostConfig & { readonly endpoint: string; readonly publishableKey: string };
  readonly fetch: typeof fetch;
  /**
   * For the keepalive send as the page goes away: the page's fetch across the port (a worker's
   * own request may die with the page), or `fetch` for a host with no port.
   */
  readonly pageFetch: typeof fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly webSocket: ((url: string) => WebSocket) | null;
  readonly locks: LockManager | null;
  readonly store: () => Store;
  readonly clientId: () => string;
  readonly halfLifeOf: HalfLifeOf;
  readonly persist: () => Promise<void>;
  readonly priors: () => { readonly version: number | null; readonly etag: string | null };
  /** The arms of the community priors in use: batches name them by ref. */
  readonly priorArms: () => PriorArms | null;
  readonly applyPriors: (snapshot: PriorsSnapshot, etag: string | null) => Promise<void>;
  readonly reblend: () => Promise<void>;
  readonly experiments: () => Promise<{
    readonly version: number;
    readonly etag: string | null;
  } | null>;
  readonly applyExperiments: (snapshot: ExperimentsSnapshot, etag: string | null) => Promise<void>;
  readonly onLeader: () => void;
  readonly onStatus: (status: SyncStatus, online: boolean) => void;
  readonly onOnline: (online: boolean) => void;
  readonly onError: (report: ErrorReport) => void;
  readonly onStorageError: (error: unknown) => Promise<void>;
}

export class EdgeSync {
  readonly loop: SyncLoop;
  readonly priors: PriorsSync;
  readonly experiments: ExperimentsSync;
  readonly #deps: EdgeSyncDeps;
  readonly #target: EdgeTarget;
  readonly #identity: ClientIdentity;
  readonly #refs: ArmRefs;
  readonly #requestTimeoutMs: number;
  #release: (() => void) | null = null;
  #leader = false;
  #granted: () => void = () => {};
  readonly #grant = new Promise<void>((resolve) => {
    this.#granted = resolve;
  });

  constructor(deps: EdgeSyncDeps) {
    this.#deps = deps;
    const { config } = deps;
    const settings = syncSettings(config);
    const { retry, requestTimeoutMs } = settings;
    this.#requestTimeoutMs = requestTimeoutMs;
    const target = { ...config, transport: settings.transport };
    this.#target = target;
    const identity = new ClientIdentity({
      store: deps.store,
      target,
      fetch: deps.fetch,
      requestTimeoutMs,
    });
    this.#identity = identity;
    this.#refs = new ArmRefs(deps.priorArms);
    this.loop = new SyncLoop({
      refs: this.#refs,
      store: deps.store,
      clientId: deps.clientId,
      identity,
      target,
      fetch: deps.fetch,
      now: deps.now,
      random: deps.random,
      retry,
      requestTimeoutMs,
      flushIntervalMs: settings.flushIntervalMs,
      halfLifeOf: deps.halfLifeOf,
      beforeSeal: deps.persist,
      onIncluded: () => void deps.reblend(),
      onStatus: deps.onStatus,
      onError: deps.onError,
      onStorageError: deps.onStorageError,
    });
    const experiments = new ExperimentsSync({
      endpoint: config.endpoint,
      appId: config.appId,
      publishableKey: config.publishableKey,
      fetch: deps.fetch,
      pollMs: settings.priorsPollMs,
      requestTimeoutMs,
      current: deps.experiments,
      apply: deps.applyExperiments,
      onError: deps.onError,
    });
    this.experiments = experiments;
    this.priors = new PriorsSync({
      endpoint: config.endpoint,
      appId: config.appId,
      publishableKey: config.publishableKey,
      fetch: deps.fetch,
      webSocket: deps.webSocket,
      pollMs: settings.priorsPollMs,
      retry,
      random: deps.random,
      requestTimeoutMs,
      current: deps.priors,
      apply: deps.applyPriors,
      onError: deps.onError,
      onOnline: deps.onOnline,
      onConnected: () => void experiments.refresh(),
      // Announcements of other kinds (a newer edge's) are ignored.
      onMessage: (message) => {
        const announced = decodeExperimentsAnnouncement(message);
        if (announced.ok) void experiments.announced(announced.value.version);
      },
    });
  }

  get leader(): boolean {
    return this.#leader;
  }

  /**
   * Whether this host leads, waiting up to `ms` (2 s) while no tab holds the lock (then this host's
   * own request is about to be granted): a flush right after the start sends from here, where
   * it would otherwise ask a leader that does not exist yet.
   */
  async leads(ms = 2000): Promise<boolean> {
    const locks = this.#deps.locks;
    if (this.#leader || locks === null) return this.#leader;
    const { held = [] } = await locks.query();
    if (!held.some((lock) => lock.name === `${this.#deps.config.dbName}:leader`)) {
      await Promise.race([this.#grant, new Promise((done) => setTimeout(done, ms))]);
    }
    return this.#leader;
  }

  /** Queues for leadership; syncing starts once this host holds it. */
  start(): void {
    if (this.#release !== null) return;
    this.#release = holdLeadership(this.#deps.locks, `${this.#deps.config.dbName}:leader`, () => {
      this.#leader = true;
      this.#granted();
      this.#deps.onLeader();
      this.loop.start();
      this.priors.start();
      this.experiments.start();
    });
    globalThis.addEventListener?.('online', this.#retry);
  }

  // The network is back: do not wait out the backoff.
  readonly #retry = () => this.loop.retryNow();

  /** Stops syncing and gives leadership up (another tab takes over). */
  stop(): void {
    this.#release?.();
    this.#release = null;
    this.#leader = false;
    globalThis.removeEventListener?.('online', this.#retry);
    this.loop.stop();
    this.priors.stop();
    this.experiments.stop();
  }

  /** Fetches priors and experiments now (after local data was wiped). */
  refresh(): void {
    void this.priors.refresh();
    void this.experiments.refresh();
  }

  /**
   * As the page goes away: seals, sends the lowest outbox batch with keepalive through the
   * page, and records the answer. Only an ack is certain; it is the same idempotent batch the
   * send loop resends, so a lost answer costs nothing. Without a stored signed id it sends
   * nothing: there is no time to ask for one, and the batch waits for the send loop.
   */
  async unload(): Promise<void> {
    if (!this.#leader) return;
    const deps = this.#deps;
    let outcome: SendOutcome;
    let request: BatchRequest;
    let signed: string | undefined;
    try {
      await sealPending(deps.store(), deps.clientId(), deps.now(), randomId);
      const batch = await lowestBatch(deps.store());
      if (batch === undefined) return;
      signed = await this.#identity.stored(batch.clientId);
      if (signed === undefined) return;
      request = batchRequest(this.#target, batch, signed, this.#refs.known());
      const { url, headers, body } = request;
      // A JSON body's UTF-8 length is at most three bytes per UTF-16 unit; over the browser's
      // keepalive quota (64 KiB) the request would be refused.
      const size = typeof body === 'string' ? body.length * 3 : body.length;
      const init = { method: 'POST', headers, body: body as BodyInit, keepalive: size < 60_000 };
      // Not left waiting for a page that never answers.
      const ms = this.#requestTimeoutMs;
      const response = await within(deps.pageFetch(url, init), ms, () => new Error('timeout'));
      outcome = classifyResponse(request.seq, response.status, await response.text(), null);
    } catch {
      // The send loop will seal and send it.
      return;
    }
    if (outcome.kind === 'unsigned') await this.#identity.forget(signed).catch(deps.onStorageError);
    // The send loop sends it again, spelling those arms out.
    if (outcome.kind === 'unknownRefs') this.#refs.refuse(outcome.refs);
    if (outcome.kind !== 'ack') return;
    try {
      const { includedNow } = await ackBatch(
        deps.store(),
        request,
        outcome.ack,
        deps.now(),
        deps.halfLifeOf,
      );
      if (includedNow) await deps.reblend();
    } catch (error) {
      await deps.onStorageError(error);
    }
    await this.loop.report();
  }
}
