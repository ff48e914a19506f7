// Internal: talking to the edge, done by the leader tab only: the batch send loop, priors
// polling and the announcement socket start when this host wins the Web Lock. The host loads
// this module (with the protocol) on demand, so a local-only client never downloads it and
// one with an endpoint answers from local state before it arrives.
import type { PriorsSnapshot } from '@crowdbandit/protocol/client';
import type { ErrorReport, SyncStatus } from '../client-types.ts';
import type { HalfLifeOf } from '../storage/evidence-ops.ts';
import { ackBatch, lowestBatch, sealPending } from '../storage/outbox-ops.ts';
import type { Store } from '../storage/store.ts';
import { batchRequest, classifyResponse, type EdgeTarget } from '../sync/batch-request.ts';
import { holdLeadership } from '../sync/leadership.ts';
import { PriorsSync } from '../sync/priors-sync.ts';
import { randomId } from '../sync/random-id.ts';
import { SyncLoop } from '../sync/sync-loop.ts';
import type { HostConfig, UnloadRequest } from './host-api.ts';
import { syncSettings } from './sync-settings.ts';

export interface EdgeSyncDeps {
  readonly config: HostConfig & { readonly endpoint: string; readonly publishableKey: string };
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly webSocket: ((url: string) => WebSocket) | null;
  readonly locks: LockManager | null;
  readonly store: () => Store;
  readonly clientId: () => string;
  readonly halfLifeOf: HalfLifeOf;
  readonly persist: () => Promise<void>;
  readonly priors: () => { readonly version: number | null; readonly etag: string | null };
  readonly applyPriors: (snapshot: PriorsSnapshot, etag: string | null) => Promise<void>;
  readonly reblend: () => Promise<void>;
  readonly onLeader: () => void;
  readonly onStatus: (status: SyncStatus, online: boolean) => void;
  readonly onOnline: (online: boolean) => void;
  readonly onError: (report: ErrorReport) => void;
  readonly onStorageError: (error: unknown) => Promise<void>;
}

export class EdgeSync {
  readonly loop: SyncLoop;
  readonly priors: PriorsSync;
  readonly #deps: EdgeSyncDeps;
  readonly #target: EdgeTarget;
  #release: (() => void) | null = null;
  #leader = false;

  constructor(deps: EdgeSyncDeps) {
    this.#deps = deps;
    const { config } = deps;
    const settings = syncSettings(config);
    const { retry, requestTimeoutMs } = settings;
    const target = { ...config, transport: settings.transport };
    this.#target = target;
    this.loop = new SyncLoop({
      store: deps.store,
      clientId: deps.clientId,
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
    });
  }

  get leader(): boolean {
    return this.#leader;
  }

  /** Queues for leadership; syncing starts once this host holds it. */
  start(): void {
    if (this.#release !== null) return;
    this.#release = holdLeadership(this.#deps.locks, `${this.#deps.config.dbName}:leader`, () => {
      this.#leader = true;
      this.#deps.onLeader();
      this.loop.start();
      this.priors.start();
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
  }

  /** Seals, then the lowest outbox batch for a keepalive send as the page goes away. */
  async unloadRequest(): Promise<UnloadRequest | null> {
    if (!this.#leader) return null;
    const deps = this.#deps;
    try {
      await sealPending(deps.store(), deps.clientId(), deps.now(), randomId);
      const batch = await lowestBatch(deps.store());
      if (batch === undefined) return null;
      const { url, headers, body, seq, id } = batchRequest(this.#target, batch);
      // A JSON body's UTF-8 length is at most three bytes per UTF-16 unit.
      const size = typeof body === 'string' ? body.length * 3 : body.length;
      const keepalive = size < 60_000;
      return { url, init: { method: 'POST', headers, body, keepalive }, seq, id };
    } catch {
      // The normal path will seal and send it.
      return null;
    }
  }

  /** Records the answer to a keepalive send; only an ack is certain, the loop finds out the rest. */
  async unloadResponse(request: UnloadRequest, status: number, body: string): Promise<void> {
    const outcome = classifyResponse(request.seq, status, body, null);
    if (outcome.kind !== 'ack') return;
    const deps = this.#deps;
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
