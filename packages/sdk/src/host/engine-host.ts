// Internal: the engine host. It answers rank/choose/feedback from the engine in memory;
// storage (LocalState) and the edge (EdgeSync) work behind it.
import { type Catalog, CrowdbanditError, createCatalog, createRng } from '@crowdbandit/core';
import type { SyncStatus } from '../client-types.ts';
import { ackBatch, lowestBatch, sealPending } from '../storage/outbox-ops.ts';
import { batchRequest, classifyResponse } from '../sync/batch-request.ts';
import { randomId } from '../sync/random-id.ts';
import { EdgeSync } from './edge-sync.ts';
import { fetchFromBridge } from './fetch-from-bridge.ts';
import type { FetchBridge, HostApi, HostConfig, HostListener, HostStatus } from './host-api.ts';
import { describe, LocalState } from './local-state.ts';
import { globalLocks, type HostPlatform } from './platform.ts';
import { Reporter } from './reporter.ts';
import { openTabChannel, type TabChannel, type TabMessage } from './tab-channel.ts';

const LOCAL_ONLY: SyncStatus = { state: 'local-only', pendingBatches: 0, lastAckedSeq: 0 };

type RemoteConfig = HostConfig & { readonly endpoint: string; readonly publishableKey: string };

/**
 * Creates an engine host. The worker entry serves one to the main thread (serve-host.ts); the
 * in-thread mode serves one behind a MessageChannel.
 *
 * @example
 * const host = createEngineHost({ fetch: myFetch });
 * await host.init(config, (event, status) => console.log(event, status));
 */
export function createEngineHost(platform: HostPlatform = {}): EngineHost {
  return new EngineHost(platform);
}

export class EngineHost implements HostApi {
  readonly #platform: HostPlatform;
  #reporter = new Reporter(() => {});
  #edge: EdgeSync | null = null;
  #channel: TabChannel = { post() {}, close() {} };
  #catalogs = new Map<string, Catalog>();
  #sync: SyncStatus = LOCAL_ONLY;
  #ready: Promise<LocalState> | null = null;
  #closed = false;

  constructor(platform: HostPlatform) {
    this.#platform = platform;
  }

  async init(
    config: HostConfig,
    listener: HostListener,
    fetchBridge?: FetchBridge,
  ): Promise<HostStatus> {
    this.#ready ??= this.#init(config, listener, fetchBridge);
    await this.#ready;
    return this.#reporter.status;
  }

  async setCatalog(...[name, candidates]: Parameters<HostApi['setCatalog']>) {
    await this.#whenReady();
    const catalog = createCatalog(candidates);
    this.#catalogs.set(name, catalog);
    return catalog.size;
  }

  async rank(...[decision, candidates, options]: Parameters<HostApi['rank']>) {
    const local = await this.#whenReady();
    if (typeof candidates !== 'string') return local.engine.rank(decision, candidates, options);
    const catalog = this.#catalogs.get(candidates);
    if (catalog === undefined) {
      const name = JSON.stringify(candidates);
      throw new CrowdbanditError(
        'invalid_candidate',
        `no catalog named ${name}: call setCatalog(${name}, candidates) first`,
        'candidates',
      );
    }
    return local.engine.rank(decision, catalog, options);
  }

  async choose(...[decision, options]: Parameters<HostApi['choose']>) {
    const local = await this.#whenReady();
    const result = local.engine.choose(decision, options);
    // Impressions of the chosen arms are deltas too.
    local.writes.schedule();
    return result;
  }

  async feedback(...[decision, arm, event, options]: Parameters<HostApi['feedback']>) {
    const local = await this.#whenReady();
    const result = local.engine.feedback(decision, arm, event, options);
    local.writes.schedule();
    return result;
  }

  async posterior(...[decision, arm, context]: Parameters<HostApi['posterior']>) {
    const local = await this.#whenReady();
    return local.engine.posterior(decision, arm, context);
  }

  async flush(): Promise<SyncStatus> {
    const local = await this.#whenReady();
    if (this.#edge === null) {
      await local.writes.flush();
      return LOCAL_ONLY;
    }
    if (this.#edge.leader) return this.#edge.loop.run();
    await local.writes.flush();
    this.#channel.post({ type: 'flush' });
    return this.#sync;
  }

  async unloadRequest() {
    const local = await this.#whenReady();
    // The page may be going away: whatever tab this is, save what is unsaved.
    await local.writes.flush();
    const edge = this.#edge;
    if (edge === null || !edge.leader) return null;
    try {
      await sealPending(local.store, local.clientId, this.#now(), randomId);
      const batch = await lowestBatch(local.store);
      return batch === undefined ? null : batchRequest(edge.target, batch);
    } catch {
      // The normal path will seal and send it.
      return null;
    }
  }

  async unloadResponse(...[request, status, body]: Parameters<HostApi['unloadResponse']>) {
    const local = await this.#whenReady();
    // Only an ack is certain; anything else is left for the send loop to find out itself.
    const outcome = classifyResponse(request.seq, status, body, null);
    if (outcome.kind !== 'ack') return;
    try {
      const { includedNow } = await ackBatch(
        local.store,
        request,
        outcome.ack,
        this.#now(),
        local.halfLifeOf,
      );
      if (includedNow) await local.reblend();
    } catch (error) {
      await local.fallBack(`recording an acknowledgement failed: ${describe(error)}`);
    }
    await this.#edge?.loop.report();
  }

  async clear(): Promise<void> {
    const local = await this.#whenReady();
    await local.clear();
    if (this.#edge?.leader) void this.#edge.loop.run().then(() => this.#edge?.priors.refresh());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const local = await this.#ready?.catch(() => null);
    this.#edge?.stop();
    this.#channel.close();
    if (local) {
      await local.writes.flush();
      local.store.close();
    }
    this.#reporter.mute();
  }

  /** Stops dead without saving, as a terminated worker would (tests simulate crashes with it). */
  abandon(): void {
    this.#closed = true;
    this.#reporter.mute();
    this.#edge?.stop();
    this.#channel.close();
    void this.#ready?.then(
      (local) => {
        local.writes.discard();
        local.store.close();
      },
      () => undefined,
    );
  }

  #now(): number {
    return (this.#platform.now ?? Date.now)();
  }

  async #whenReady(): Promise<LocalState> {
    if (this.#ready === null) throw new Error('call init() first');
    if (this.#closed) throw new Error('the engine host is closed');
    return this.#ready;
  }

  async #init(config: HostConfig, listener: HostListener, bridge?: FetchBridge) {
    const p = this.#platform;
    this.#reporter = new Reporter(listener);
    const local = new LocalState(config, p, this.#reporter, p.now ?? Date.now);
    this.#channel = openTabChannel(config.dbName, (message) => this.#onTab(local, message));
    const memoryReason = await local.start(this.#channel);
    if (memoryReason !== undefined) {
      this.#reporter.emit({ type: 'storage', payload: { mode: 'memory', reason: memoryReason } });
    }
    if (config.endpoint === null || config.publishableKey === null) {
      this.#reporter.emit({ type: 'sync', payload: LOCAL_ONLY });
      return local;
    }
    const remote: RemoteConfig = {
      ...config,
      endpoint: config.endpoint,
      publishableKey: config.publishableKey,
    };
    const fetcher =
      p.fetch ?? (bridge ? fetchFromBridge(bridge) : globalThis.fetch.bind(globalThis));
    const { pendingBatches, lastAckedSeq } = this.#reporter.status;
    this.#sync = { state: 'idle', pendingBatches, lastAckedSeq };
    this.#edge = this.#createEdge(remote, local, fetcher);
    this.#edge.start();
    return local;
  }

  #createEdge(config: RemoteConfig, local: LocalState, fetcher: typeof fetch): EdgeSync {
    const p = this.#platform;
    const random =
      p.random ??
      (config.seed === undefined ? Math.random : createRng((config.seed ^ 0x5bd1e995) >>> 0));
    const defaultSocket =
      typeof WebSocket === 'undefined' ? null : (url: string) => new WebSocket(url);
    return new EdgeSync({
      config,
      fetch: fetcher,
      now: p.now ?? Date.now,
      random,
      webSocket: config.webSocket ? (p.webSocket ?? defaultSocket) : null,
      locks: p.locks === undefined ? globalLocks() : p.locks,
      store: () => local.store,
      clientId: () => local.clientId,
      halfLifeOf: local.halfLifeOf,
      persist: () => local.writes.flush(),
      priors: () => local.priors,
      applyPriors: (snapshot, etag) => local.applyPriors(snapshot, etag),
      reblend: () => void local.reblend(),
      onLeader: () => this.#reporter.set({ leader: true }),
      onStatus: (status, online) => {
        this.#sync = status;
        const { pendingBatches, lastAckedSeq } = status;
        this.#reporter.set({ online, pendingBatches, lastAckedSeq });
        this.#reporter.emit({ type: 'sync', payload: status });
        this.#channel.post({ type: 'sync', status, online });
      },
      onOnline: (online) => this.#reporter.set({ online }),
      onError: (report) => this.#reporter.emit({ type: 'error', payload: report }),
      onStorageError: (error) => void local.fallBack(`the outbox failed: ${describe(error)}`),
    });
  }

  #onTab(local: LocalState, message: TabMessage): void {
    if (this.#closed) return;
    if (message.type === 'flush') {
      if (this.#edge?.leader) void this.#edge.loop.run();
    } else if (message.type === 'sync') {
      if (this.#edge?.leader) return;
      this.#sync = message.status;
      const { pendingBatches, lastAckedSeq } = message.status;
      this.#reporter.set({ online: message.online, pendingBatches, lastAckedSeq });
      this.#reporter.emit({ type: 'sync', payload: message.status });
    } else {
      void local.onTab(message);
    }
  }
}
