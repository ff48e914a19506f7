// Internal: the engine host. It answers rank/choose/feedback from the engine in memory;
// storage (LocalState) and, once its code has loaded, the edge (EdgeSync) work behind it.
import {
  type Candidate,
  type Catalog,
  CrowdbanditError,
  createCatalog,
  describeValue,
} from '@crowdbandit/core';
import type { Assignment, SyncStatus } from '../client-types.ts';
import { within } from '../within.ts';
import { letGo } from './boundary.ts';
import type { EdgeWiring, RemoteConfig } from './connect-edge.ts';
import type { EdgeSync } from './edge-sync.ts';
import type { FetchBridge, HostApi, HostConfig, HostListener, HostStatus } from './host-api.ts';
import { type LazyExperiments, lazyExperiments } from './lazy-experiments.ts';
import { describe, LocalState } from './local-state.ts';
import type { HostPlatform } from './platform.ts';
import { Reporter } from './reporter.ts';
import { openTabChannel, type TabChannel, type TabMessage } from './tab-channel.ts';

type Intervals = typeof import('./intervals.ts');

/** Whether a call asked for intervals (`explain`); throws for anything but a boolean. */
function wantsIntervals(explain: unknown): boolean {
  if (explain === undefined || typeof explain === 'boolean') return explain === true;
  throw new CrowdbanditError(
    'invalid_option',
    `explain must be true or false, got ${describeValue(explain)}`,
    'explain',
  );
}

const LOCAL_ONLY: SyncStatus = { state: 'local-only', pendingBatches: 0, lastAckedSeq: 0 };

/** What starting the edge needs. */
type Remote = Pick<EdgeWiring, 'config' | 'local' | 'page'>;

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
  /** Settles once the edge code is loaded and started (null: local-only, or loading failed). */
  #edgeReady: Promise<EdgeSync | null> = Promise.resolve(null);
  #remote: Remote | null = null;
  #edgeFailed = false;
  #channel: TabChannel = { post() {}, close() {} };
  #catalogs = new Map<string, Catalog>();
  /** Set by init, before it waits for anything. */
  #experiments!: LazyExperiments;
  #sync: SyncStatus = LOCAL_ONLY;
  #ready: Promise<LocalState> | null = null;
  /** Set by init. */
  #loadTimeoutMs = 0;
  /** The client's listener and the page's fetch: comlink proxies when served over a port. */
  #remotes: unknown[] = [];
  #closed = false;

  constructor(platform: HostPlatform) {
    this.#platform = platform;
  }

  async init(
    config: HostConfig,
    listener: HostListener,
    pageFetch?: FetchBridge,
    appFetch = false,
  ): Promise<HostStatus> {
    if (this.#ready === null) {
      this.#remotes = [listener, pageFetch];
      const page = pageFetch && { fetch: pageFetch, all: appFetch };
      this.#ready = this.#init(config, listener, page);
    }
    await this.#ready;
    return this.#reporter.status;
  }

  async setCatalog(...[name, candidates]: Parameters<HostApi['setCatalog']>) {
    // Prepared while IndexedDB is still opening: a catalog needs no stored state.
    const catalog = createCatalog(candidates);
    await this.#whenReady();
    this.#catalogs.set(name, catalog);
    return catalog.size;
  }

  async rank(...[decision, candidates, options = {}]: Parameters<HostApi['rank']>) {
    await this.#whenReady();
    const { explain, ...engineOptions } = options;
    const explained = wantsIntervals(explain);
    let list: Catalog | readonly Candidate[];
    if (typeof candidates === 'string') {
      const catalog = this.#catalogs.get(candidates);
      if (catalog === undefined) {
        const name = JSON.stringify(candidates);
        throw new CrowdbanditError(
          'invalid_candidate',
          `no catalog named ${name}: call setCatalog(${name}, candidates) first`,
          'candidates',
        );
      }
      list = catalog;
    } else list = candidates;
    const items = this.#experiments.engine.rank(decision, list, engineOptions);
    return explained ? this.#explained(items, (m) => m.explainRanked(items)) : items;
  }

  async choose(...[decision, options = {}]: Parameters<HostApi['choose']>) {
    const local = await this.#whenReady();
    const { explain, ...engineOptions } = options;
    const explained = wantsIntervals(explain);
    const result = this.#experiments.engine.choose(decision, engineOptions);
    // Impressions of the chosen arms are deltas too.
    local.writes.schedule();
    return explained ? this.#explained(result, (m) => m.explainChosen(result)) : result;
  }

  async feedback(...[decision, arm, event, options]: Parameters<HostApi['feedback']>) {
    const local = await this.#whenReady();
    const result = this.#experiments.engine.feedback(decision, arm, event, options);
    local.writes.schedule();
    return result;
  }

  async assign(...[experiment, attributes]: Parameters<HostApi['assign']>): Promise<Assignment> {
    await this.#whenReady();
    return this.#experiments.assign(experiment, attributes);
  }

  async track(...[metric, value]: Parameters<HostApi['track']>): Promise<string[]> {
    await this.#whenReady();
    return this.#experiments.track(metric, value);
  }

  async posterior(...[decision, arm, context]: Parameters<HostApi['posterior']>) {
    const local = await this.#whenReady();
    const posterior = local.engine.posterior(decision, arm, context);
    return this.#explained(posterior, (m) => m.explainPosterior(posterior));
  }

  async flush(): Promise<SyncStatus> {
    const local = await this.#whenReady();
    this.#retryLoad();
    const edge = await this.#within(this.#edgeReady, 'the sync code').catch(() => null);
    // No tab leading yet: this one is about to (wait up to 2 s rather than ask no one).
    if (await edge?.leads()) return edge!.loop.run();
    await local.writes.flush();
    if (this.#remote === null) return LOCAL_ONLY;
    // Another tab may lead (or this one, once its sync code is running): ask it to send.
    this.#channel.post({ type: 'flush' });
    return this.#sync;
  }

  async unload(): Promise<void> {
    const local = await this.#whenReady();
    // Whatever tab this is, save what is unsaved.
    await local.writes.flush();
    await this.#edge?.unload();
  }

  async clear(): Promise<void> {
    const local = await this.#whenReady();
    await local.clear();
    const edge = this.#edge;
    if (edge?.leader) void edge.loop.run().then(() => edge.refresh());
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const local = await this.#ready?.catch(() => null);
    this.#stopEdge();
    this.#channel.close();
    if (local) {
      await local.writes.flush();
      local.store.close();
    }
    this.#reporter.mute();
    this.#letGo();
  }

  /**
   * Resolves once the sync code has loaded and started (at once for a local-only host); whether
   * it did is in the status and the events. Decisions never wait for it.
   */
  async syncStarted(): Promise<void> {
    await this.#ready;
    await this.#edgeReady;
  }

  /** Stops dead without saving, as a terminated worker would (tests simulate crashes with it). */
  abandon(): void {
    this.#closed = true;
    this.#reporter.mute();
    this.#letGo();
    this.#stopEdge();
    this.#channel.close();
    void this.#ready?.then(
      (local) => {
        local.writes.discard();
        local.store.close();
      },
      () => undefined,
    );
  }

  /**
   * Adds intervals once their code is loaded; a decision that cannot get them (offline, the
   * chunk never cached) is answered without them and the trouble reported.
   */
  async #explained<T>(plain: T, add: (intervals: Intervals) => T): Promise<T> {
    let intervals: Intervals;
    try {
      intervals = await this.#within(import('./intervals.ts'), 'the interval code');
    } catch (error) {
      this.#reporter.emit({
        type: 'error',
        payload: {
          source: 'network',
          message: `loading the interval code failed: ${describe(error)}; answered without intervals`,
        },
      });
      return plain;
    }
    return add(intervals);
  }

  /** Waits for a chunk at most `loadTimeoutMs`. */
  readonly #within = <T>(chunk: Promise<T>, what: string): Promise<T> => {
    const ms = this.#loadTimeoutMs;
    return within(chunk, ms, () => new Error(`${what} did not load within ${ms} ms`));
  };

  /** Closes the ports of the page's proxies, which would keep a Node process alive. */
  #letGo(): void {
    for (const remote of this.#remotes.splice(0)) letGo(remote);
  }

  #stopEdge(): void {
    this.#edge?.stop();
    globalThis.removeEventListener?.('online', this.#retryLoad);
  }

  async #whenReady(): Promise<LocalState> {
    if (this.#ready === null) throw new Error('call init() first');
    if (this.#closed) throw new Error('the engine host is closed');
    return this.#ready;
  }

  async #init(config: HostConfig, listener: HostListener, page: Remote['page']) {
    const p = this.#platform;
    this.#reporter = new Reporter(listener);
    this.#loadTimeoutMs = config.loadTimeoutMs ?? Math.max(1, Math.floor(config.callTimeoutMs / 2));
    const now = p.now ?? Date.now;
    const local = new LocalState(config, p, this.#reporter, now);
    this.#experiments = lazyExperiments(local, this.#reporter, now, this.#within);
    this.#channel = openTabChannel(config.dbName, (message) => this.#onTab(local, message));
    const memoryReason = await local.start(this.#channel);
    if (memoryReason !== undefined) {
      this.#reporter.emit({ type: 'storage', payload: { mode: 'memory', reason: memoryReason } });
    }
    await this.#experiments.start();
    if (config.endpoint == null || config.publishableKey == null) {
      this.#reporter.emit({ type: 'sync', payload: LOCAL_ONLY });
      return local;
    }
    const remote: RemoteConfig = {
      ...config,
      endpoint: config.endpoint,
      publishableKey: config.publishableKey,
    };
    const { pendingBatches, lastAckedSeq } = this.#reporter.status;
    this.#sync = { state: 'idle', pendingBatches, lastAckedSeq };
    this.#remote = { config: remote, local, page };
    // Not awaited: decisions are answered from local state while the sync code loads.
    this.#edgeReady = this.#loadEdge(this.#remote);
    return local;
  }

  /**
   * Loads the sync code and starts it. When loading fails (offline, and the chunk was never
   * cached) it says so; the next flush, or the browser coming back online, tries again.
   */
  async #loadEdge(remote: Remote): Promise<EdgeSync | null> {
    let code: typeof import('./connect-edge.ts');
    try {
      code = await import('./connect-edge.ts');
    } catch (error) {
      if (this.#closed) return null;
      const lastError = `loading the sync code failed: ${describe(error)}`;
      this.#sync = { ...this.#sync, state: 'offline', lastError };
      this.#reporter.emit({ type: 'sync', payload: this.#sync });
      this.#reporter.emit({ type: 'error', payload: { source: 'network', message: lastError } });
      this.#edgeFailed = true;
      globalThis.addEventListener?.('online', this.#retryLoad, { once: true });
      return null;
    }
    if (this.#closed) return null;
    this.#edge = code.startEdge({
      ...remote,
      platform: this.#platform,
      reporter: this.#reporter,
      channel: this.#channel,
      onSync: (status) => {
        this.#sync = status;
      },
      onExperiments: this.#experiments.stored,
    });
    return this.#edge;
  }

  readonly #retryLoad = () => {
    if (this.#remote !== null && this.#edgeFailed && !this.#closed) {
      this.#edgeFailed = false;
      this.#edgeReady = this.#loadEdge(this.#remote);
    }
  };

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
    } else if (message.type === 'experiments') {
      this.#experiments.stored(message.policy);
    } else {
      void local.onTab(message);
    }
  }
}
