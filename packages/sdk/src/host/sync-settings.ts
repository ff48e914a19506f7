// Internal: the sync settings with their defaults. The page passes only those the app gave,
// so the defaults live here, in the sync code that only a client with an endpoint loads.
import type { RetryPolicy } from '../sync/backoff.ts';
import type { HostConfig } from './host-api.ts';

export interface SyncSettings {
  readonly transport: 'binary' | 'json';
  readonly flushIntervalMs: number;
  readonly priorsPollMs: number;
  readonly retry: RetryPolicy;
  readonly requestTimeoutMs: number;
  readonly webSocket: boolean;
}

/**
 * The config's sync settings, defaults filled in (the ones `createClient` documents).
 *
 * @example
 * syncSettings({ ...config, retry: { baseMs: 500 } }).retry; // { baseMs: 500, maxMs: 60000 }
 */
export function syncSettings(config: HostConfig): SyncSettings {
  return {
    transport: config.transport ?? 'binary',
    flushIntervalMs: config.flushIntervalMs ?? 60_000,
    priorsPollMs: config.priorsPollMs ?? 60_000,
    retry: { baseMs: config.retry?.baseMs ?? 1000, maxMs: config.retry?.maxMs ?? 60_000 },
    requestTimeoutMs: config.requestTimeoutMs ?? 15_000,
    webSocket: config.webSocket !== false,
  };
}
