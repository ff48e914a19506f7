// Internal: the edge's side of the host, loaded on demand with everything it needs (see
// edge-sync.ts): wires the send loop and priors sync to the local state, the status reporter
// and the other tabs.
import { createRng } from '@crowdbandit/core';
import type { ExperimentsSnapshot, PriorsSnapshot } from '@crowdbandit/protocol/client';
import type { SyncStatus } from '../client-types.ts';
import {
  experimentsRecord,
  storedExperimentsVersion,
  storeExperiments,
} from '../storage/experiments-snapshot-ops.ts';
import { storeSnapshot } from '../storage/included-ops.ts';
import { type Community, readCommunity } from '../storage/priors-ops.ts';
import { EdgeSync } from './edge-sync.ts';
import { fetchFromBridge } from './fetch-from-bridge.ts';
import type { HostConfig, PageFetch } from './host-api.ts';
import { describe, type LocalState } from './local-state.ts';
import { globalLocks, type HostPlatform } from './platform.ts';
import type { Reporter } from './reporter.ts';
import { syncSettings } from './sync-settings.ts';
import type { TabChannel } from './tab-channel.ts';

/** A host configuration with an edge to talk to. */
export type RemoteConfig = HostConfig & {
  readonly endpoint: string;
  readonly publishableKey: string;
};

/** What the host hands over. */
export interface EdgeWiring {
  readonly config: RemoteConfig;
  readonly local: LocalState;
  readonly platform: HostPlatform;
  /** The page's fetch, when this host runs behind a port. */
  readonly page: PageFetch | undefined;
  readonly reporter: Reporter;
  readonly channel: TabChannel;
  /** This tab's sync status changed (it is the leader). */
  readonly onSync: (status: SyncStatus) => void;
  /** A new experiments snapshot is stored; `policy`: one switches a decision's policy. */
  readonly onExperiments: (policy: boolean) => void;
}

/** Stores a snapshot fetched by the leader, blends it in and tells the other tabs. */
async function applyPriors(
  local: LocalState,
  channel: TabChannel,
  snapshot: PriorsSnapshot,
  etag: string | null,
): Promise<void> {
  let community: Community;
  try {
    community = await storeSnapshot(local.store, snapshot, etag, local.halfLifeOf);
  } catch (error) {
    await local.fallBack(`storing priors failed: ${describe(error)}`);
    community = await storeSnapshot(local.store, snapshot, etag, local.halfLifeOf);
  }
  local.useCommunity(community);
  channel.post({ type: 'priors', version: snapshot.version });
}

/** Stores an experiments snapshot fetched by the leader and tells this host and the other tabs. */
async function applyExperiments(
  wiring: EdgeWiring,
  snapshot: ExperimentsSnapshot,
  etag: string | null,
): Promise<void> {
  const { local } = wiring;
  const record = experimentsRecord(snapshot, etag);
  try {
    await storeExperiments(local.store, record);
  } catch (error) {
    await local.fallBack(`storing experiments failed: ${describe(error)}`);
    await storeExperiments(local.store, record);
  }
  wiring.onExperiments(record.policy);
  wiring.channel.post({ type: 'experiments', policy: record.policy });
}

/** Re-reads this client's included share (an ack went straight into it) and re-blends. */
async function reblend(local: LocalState): Promise<void> {
  try {
    const community = await readCommunity(local.store, local.halfLifeOf);
    if (community !== null) local.useCommunity(community, false);
  } catch (error) {
    await local.fallBack(`reading priors failed: ${describe(error)}`);
  }
}

/**
 * Creates and starts the host's EdgeSync; null, with an `error` reported, when this context
 * cannot sync at all (no fetch, say), which retrying would not change.
 *
 * @example
 * const edge = startEdge({ config, local, platform, page, reporter, channel, onSync });
 */
export function startEdge(wiring: EdgeWiring): EdgeSync | null {
  try {
    const edge = connectEdge(wiring);
    edge.start();
    return edge;
  } catch (error) {
    const message = `starting sync failed: ${describe(error)}`;
    wiring.reporter.emit({ type: 'error', payload: { source: 'worker', message } });
    return null;
  }
}

/** Creates the host's EdgeSync (not started yet). */
function connectEdge(wiring: EdgeWiring): EdgeSync {
  const { config, local, platform: p, reporter, channel } = wiring;
  const random =
    p.random ??
    (config.seed === undefined ? Math.random : createRng((config.seed ^ 0x5bd1e995) >>> 0));
  const defaultSocket =
    typeof WebSocket === 'undefined' ? null : (url: string) => new WebSocket(url);
  const page = wiring.page && fetchFromBridge(wiring.page.fetch);
  const own = p.fetch ?? (wiring.page?.all ? page! : globalThis.fetch.bind(globalThis));
  return new EdgeSync({
    config,
    fetch: own,
    pageFetch: page ?? own,
    now: p.now ?? Date.now,
    random,
    webSocket: syncSettings(config).webSocket ? (p.webSocket ?? defaultSocket) : null,
    locks: p.locks === undefined ? globalLocks() : p.locks,
    store: () => local.store,
    clientId: () => local.clientId,
    halfLifeOf: local.halfLifeOf,
    persist: () => local.writes.flush(),
    priors: () => local.priors,
    priorArms: () => local.priorArms,
    applyPriors: (snapshot, etag) => applyPriors(local, channel, snapshot, etag),
    reblend: () => reblend(local),
    experiments: () => storedExperimentsVersion(local.store),
    applyExperiments: (snapshot, etag) => applyExperiments(wiring, snapshot, etag),
    onLeader: () => reporter.set({ leader: true }),
    onStatus: (status, online) => {
      wiring.onSync(status);
      const { pendingBatches, lastAckedSeq } = status;
      reporter.set({ online, pendingBatches, lastAckedSeq });
      reporter.emit({ type: 'sync', payload: status });
      channel.post({ type: 'sync', status, online });
    },
    onOnline: (online) => reporter.set({ online }),
    onError: (report) => reporter.emit({ type: 'error', payload: report }),
    onStorageError: (error) => local.fallBack(`the outbox failed: ${describe(error)}`),
  });
}
