import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import { type EntrySize, measureEntry } from './bundle-size.ts';

/** A peer SDK and the entry that imports its main client API. */
export interface Peer {
  readonly name: string;
  readonly entry: string;
  /** What the entry takes, for the table. */
  readonly api: string;
}

/**
 * The peers: each entry imports what a browser app needs to evaluate flags or experiments
 * and report exposures (Optimizely 6 is modular: the client alone does not fetch a datafile
 * or send events, so its config manager and event processor are included).
 */
export const PEERS: readonly Peer[] = [
  {
    name: '@growthbook/growthbook',
    api: 'GrowthBook',
    entry: "export { GrowthBook } from '@growthbook/growthbook';",
  },
  {
    name: '@statsig/js-client',
    api: 'StatsigClient',
    entry: "export { StatsigClient } from '@statsig/js-client';",
  },
  {
    name: '@optimizely/optimizely-sdk',
    api: 'createInstance + polling config manager + batch event processor',
    entry:
      'export { createInstance, createPollingProjectConfigManager, createBatchEventProcessor } ' +
      "from '@optimizely/optimizely-sdk';",
  },
  {
    name: 'launchdarkly-js-client-sdk',
    api: 'initialize',
    entry: "export { initialize } from 'launchdarkly-js-client-sdk';",
  },
];

/** One peer's measured bundle, or why it could not be measured. */
export interface PeerBundle {
  readonly name: string;
  readonly version: string | null;
  readonly api: string;
  readonly size: EntrySize | null;
  readonly error?: string;
}

/** The installed version of a package, or null when it is not installed. */
export function installedVersion(name: string): string | null {
  try {
    const manifest = JSON.parse(
      readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { version?: string };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

/**
 * Builds and measures every peer's entry. A peer that is not installed or fails to build is
 * reported with its error instead of failing the run.
 *
 * @example
 * const peers = await measurePeerBundles();
 * peers.map((p) => [p.name, p.size?.total.brotli]);
 */
export async function measurePeerBundles(): Promise<PeerBundle[]> {
  const out: PeerBundle[] = [];
  for (const peer of PEERS) {
    const version = installedVersion(peer.name);
    if (version === null) {
      out.push({ name: peer.name, version, api: peer.api, size: null, error: 'not installed' });
      continue;
    }
    try {
      out.push({ name: peer.name, version, api: peer.api, size: await measureEntry(peer.entry) });
    } catch (error) {
      out.push({
        name: peer.name,
        version,
        api: peer.api,
        size: null,
        error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      });
    }
  }
  return out;
}
