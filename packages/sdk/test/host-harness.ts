// Test helper: an engine host on fake-indexeddb with a fake edge, recording its events.
import { IDBFactory } from 'fake-indexeddb';
import { createEngineHost, type EngineHost } from '../src/host/engine-host.ts';
import type { HostConfig, HostEvent, HostStatus } from '../src/host/host-api.ts';
import type { HostPlatform } from '../src/host/platform.ts';

let databases = 0;

/** A host configuration for tests: manual flushes, fast retries, no socket. */
export function hostConfig(overrides: Partial<HostConfig> = {}): HostConfig {
  databases += 1;
  return {
    appId: 'demo',
    endpoint: 'http://edge.test',
    publishableKey: 'pk_test',
    decisions: {
      feed: { kind: 'rank', k: 5 },
      strategy: { kind: 'choose', arms: ['popular', 'gems', 'fresh'] },
    },
    seed: 7,
    flushIntervalMs: 3_600_000,
    transport: 'binary',
    dbName: `test-db-${databases}`,
    storage: 'indexeddb',
    webSocket: false,
    persistDelayMs: 5,
    priorsPollMs: 3_600_000,
    retry: { baseMs: 20, maxMs: 200 },
    requestTimeoutMs: 1000,
    openTimeoutMs: 500,
    callTimeoutMs: 5000,
    ...overrides,
  };
}

/** A config without any sync setting, as the page sends it when an app gives none. */
export function hostConfigWithoutSync(overrides: Partial<HostConfig> = {}): HostConfig {
  const {
    flushIntervalMs: _flush,
    transport: _transport,
    priorsPollMs: _poll,
    retry: _retry,
    requestTimeoutMs: _timeout,
    webSocket: _socket,
    ...config
  } = hostConfig();
  return { ...config, ...overrides };
}

export interface TestHost {
  readonly host: EngineHost;
  readonly events: HostEvent[];
  /** The latest status the host reported. */
  status(): HostStatus;
  /** Events of one type, payloads only. */
  of<T extends HostEvent['type']>(type: T): Extract<HostEvent, { type: T }>['payload'][];
}

/** The default network of a test host: none. */
const offline: typeof fetch = () => Promise.reject(new TypeError('no network in this test'));

/** Starts and initialises a host. */
export async function startHost(
  config: HostConfig,
  platform: HostPlatform & { indexedDB?: IDBFactory | null } = {},
): Promise<TestHost> {
  const host = createEngineHost({
    locks: null,
    indexedDB: new IDBFactory(),
    fetch: offline,
    ...platform,
  });
  const events: HostEvent[] = [];
  let latest: HostStatus | null = null;
  latest = await host.init(config, (event, status) => {
    latest = status;
    if (event !== null) events.push(event);
  });
  // The steady state: most tests are about syncing, which starts once its code has loaded.
  await host.syncStarted();
  return {
    host,
    events,
    status: () => latest!,
    of: (type) => events.filter((e) => e.type === type).map((e) => e.payload) as never,
  };
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
