// Internal: what the host keeps locally: the engine, the store it persists to (IndexedDB, or
// memory after a failure), the client id and the community priors in use.
import {
  buildEngine,
  type Engine,
  type EngineChanges,
  type EngineOptions,
} from '@crowdbandit/core';
import {
  type HalfLifeOf,
  readEvidence,
  readState,
  seedEvidence,
  writeChanges,
} from '../storage/evidence-ops.ts';
import { ensureClientId, wipe } from '../storage/meta-ops.ts';
import { outboxSummary } from '../storage/outbox-summary.ts';
import { type Community, readCommunity } from '../storage/priors-ops.ts';
import type { Store } from '../storage/store.ts';
import type { PriorArms } from '../sync/arm-refs.ts';
import { randomId } from '../sync/random-id.ts';
import type { HostConfig } from './host-api.ts';
import { inMemory, openStorage } from './open-storage.ts';
import { globalIndexedDB, type HostPlatform } from './platform.ts';
import type { Reporter } from './reporter.ts';
import type { TabChannel, TabMessage } from './tab-channel.ts';
import { WriteBehind } from './write-behind.ts';

/** A message of an error, for reports. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A new client's own id: 16 random characters (96 bits), to which the edge appends its
 * 16-character signature. Installs from before signed ids keep their 22-character ids.
 */
const newClientId = () => randomId(16);

/** The store until start() opens one. */
const NOT_OPEN: Store = {
  kind: 'memory',
  run: () => Promise.reject(new Error('storage is not open yet')),
  close() {},
};

export class LocalState {
  readonly halfLifeOf: HalfLifeOf;
  readonly writes: WriteBehind;
  readonly #config: HostConfig;
  readonly #platform: HostPlatform;
  readonly #reporter: Reporter;
  readonly #now: () => number;
  #channel: TabChannel = { post() {}, close() {} };
  #store: Store = NOT_OPEN;
  #engine: Engine | null = null;
  #clientId = '';
  /** Whether, when last loaded, a stored experiment switched a decision's policy. */
  policyExperiments = false;
  #priors: { version: number | null; etag: string | null } = { version: null, etag: null };
  #fallback: Promise<void> = Promise.resolve();

  constructor(config: HostConfig, platform: HostPlatform, reporter: Reporter, now: () => number) {
    this.#config = config;
    this.#platform = platform;
    this.#reporter = reporter;
    this.#now = now;
    this.halfLifeOf = (decision) =>
      (Object.hasOwn(config.decisions, decision) && config.decisions[decision]?.halfLifeMs) ||
      Number.POSITIVE_INFINITY;
    this.writes = new WriteBehind({
      delayMs: config.persistDelayMs ?? 250,
      engine: () => this.engine,
      store: () => this.#store,
      halfLifeOf: this.halfLifeOf,
      trackPending: config.endpoint != null,
      onWritten: (keys) => {
        if (this.#store.kind === 'indexeddb') this.#channel.post({ type: 'evidence', keys });
      },
      onFailed: (error, changes) =>
        this.fallBack(`saving evidence failed: ${describe(error)}`, changes),
    });
  }

  get config(): HostConfig {
    return this.#config;
  }

  get store(): Store {
    return this.#store;
  }

  get engine(): Engine {
    if (this.#engine === null) throw new Error('the engine host is not initialised');
    return this.#engine;
  }

  get clientId(): string {
    return this.#clientId;
  }

  /** The arms of the community priors in use, by decision and context (the edge knows them). */
  priorArms: PriorArms | null = null;

  get priors(): { readonly version: number | null; readonly etag: string | null } {
    return this.#priors;
  }

  /** Opens storage and restores the engine; returns why storage is in memory, if it is. */
  async start(channel: TabChannel): Promise<string | undefined> {
    this.#channel = channel;
    const p = this.#platform;
    const opened = await openStorage({
      factory: p.indexedDB === undefined ? globalIndexedDB() : p.indexedDB,
      name: this.#config.dbName,
      wanted: this.#config.storage,
      timeoutMs: this.#config.openTimeoutMs,
      onClosed: (reason) => void this.fallBack(reason),
    });
    this.#store = opened.store;
    this.#reporter.set({ storage: opened.store.kind });
    await this.load();
    // Fetched now, while the network is likely up, so that a later IndexedDB failure can move
    // to memory even offline.
    if (opened.store.kind === 'indexeddb') {
      void import('../storage/memory-store.ts').catch(() => undefined);
    }
    return opened.reason;
  }

  /** (Re)builds the engine from the store: evidence, session, priors, client id. */
  async load(): Promise<void> {
    try {
      await this.#loadFrom(this.#store);
    } catch (error) {
      await this.fallBack(`reading stored state failed: ${describe(error)}`);
      await this.#loadFrom(this.#store);
    }
  }

  async #loadFrom(store: Store): Promise<void> {
    // One round of read-only transactions, which IndexedDB runs side by side; a read-write
    // one on `meta` would hold up the others until it committed, so the client id is read
    // with the state and created (in one of its own) only when there is none yet.
    const [state, community, summary] = await Promise.all([
      readState(store),
      readCommunity(store, this.halfLifeOf),
      outboxSummary(store),
    ]);
    const clientId = state.clientId ?? (await ensureClientId(store, newClientId));
    const c = this.#config;
    const options: EngineOptions = {
      decisions: c.decisions,
      now: this.#now,
      // The SDK seals batches from its stored `pending`, not from the engine's memory.
      keepDeltas: false,
      state: {
        arms: state.arms,
        pending: [],
        session: state.session,
        interactions: state.interactions,
      },
      ...(c.seed === undefined ? {} : { seed: c.seed }),
      ...(c.session === undefined ? {} : { session: c.session }),
    };
    // The page checked the configuration (createClient); stored state is still checked.
    this.#engine = buildEngine(options);
    this.#clientId = clientId;
    this.policyExperiments = state.policyExperiments;
    this.#priors = { version: null, etag: null };
    this.priorArms = null;
    if (community !== null) this.useCommunity(community);
    this.#reporter.set({ ...summary, priorsVersion: this.#priors.version });
  }

  /**
   * IndexedDB failed: continue in memory (with a fresh client id, so no seq of the stored
   * outbox is reused) and say so. `changes` were drained but not stored.
   */
  fallBack(reason: string, changes?: EngineChanges): Promise<void> {
    this.#fallback = this.#fallback
      .then(() => this.#fallBack(reason, changes))
      .catch((error: unknown) => {
        // Not even memory could be set up (its code did not load): the next failure retries.
        const message = `${reason}; moving to memory failed too: ${describe(error)}`;
        this.#reporter.emit({ type: 'error', payload: { source: 'storage', message } });
      });
    return this.#fallback;
  }

  async #fallBack(reason: string, changes: EngineChanges | undefined): Promise<void> {
    const first = this.#store.kind !== 'memory';
    // A second failure while the first was being handled may still carry drained changes.
    if (!first && changes === undefined) return;
    if (first) {
      const { store } = await inMemory(reason);
      try {
        this.#store.close();
      } catch {
        // Already closed.
      }
      this.#store = store;
      this.#clientId = await ensureClientId(store, newClientId);
    }
    const store = this.#store;
    // Totals as the engine holds them (the drained increments are already in there), and,
    // taken at the same moment, the increments it has not drained yet: they are in the
    // totals too, so the write-behind must not add them to the seeded store a second time.
    const arms = this.#engine?.exportState().arms;
    const unsaved = this.#engine?.drainChanges();
    for (const c of [changes, unsaved]) {
      if (c) await writeChanges(store, c, this.halfLifeOf, this.#config.endpoint != null);
    }
    if (arms) await seedEvidence(store, arms);
    if (!first) return;
    this.#reporter.set({ storage: 'memory' });
    this.#reporter.emit({ type: 'error', payload: { source: 'storage', message: reason } });
    this.#reporter.emit({ type: 'storage', payload: { mode: 'memory', reason } });
  }

  /** Another tab changed the shared database. */
  async onTab(message: TabMessage): Promise<void> {
    if (this.#store.kind !== 'indexeddb' || this.#engine === null) return;
    try {
      if (message.type === 'evidence') {
        this.#engine.loadEvidence(await readEvidence(this.#store, message.keys));
      } else if (message.type === 'priors' && message.version !== this.#priors.version) {
        const community = await readCommunity(this.#store, this.halfLifeOf);
        if (community !== null) this.useCommunity(community);
      } else if (message.type === 'cleared') {
        this.writes.discard();
        await this.load();
      }
    } catch (error) {
      await this.fallBack(`reading another tab's changes failed: ${describe(error)}`);
    }
  }

  /** Wipes everything stored and starts a fresh engine and client id. */
  async clear(): Promise<void> {
    this.writes.discard();
    this.engine.drainChanges();
    try {
      await wipe(this.#store);
    } catch (error) {
      await this.fallBack(`wiping local data failed: ${describe(error)}`);
    }
    await this.load();
    this.#reporter.set({ priorsVersion: null });
    this.#channel.post({ type: 'cleared' });
  }

  /** Blends a snapshot in; `announce`: tell the client when its version is new. */
  useCommunity(community: Community, announce = true): void {
    const { snapshot } = community;
    this.engine.setCommunity(snapshot.decisions, community.own, snapshot.kappa);
    this.priorArms = snapshot.decisions;
    const { version } = snapshot;
    const changed = version !== this.#priors.version;
    this.#priors = { version, etag: community.etag };
    this.#reporter.set({ priorsVersion: version });
    if (announce && changed) this.#reporter.emit({ type: 'priors', payload: { version } });
  }
}
