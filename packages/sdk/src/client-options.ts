import {
  CrowdbanditError,
  type DecisionConfig,
  resolveDecision,
  resolveSession,
  type SessionOptions,
} from '@crowdbandit/core';
import type { HostConfig } from './host/host-api.ts';
import type { HostPlatform } from './host/platform.ts';

/**
 * Options of {@link createClient}. Only `appId` and `decisions` are required; without
 * `endpoint` the client learns and persists locally and sends nothing.
 *
 * @example
 * const options: ClientOptions = {
 *   appId: 'demo',
 *   endpoint: 'https://edge.example.com',
 *   publishableKey: 'pk_demo_local',
 *   decisions: { 'home-feed': { kind: 'rank', k: 20 } },
 * };
 */
export interface ClientOptions {
  /** Names the app on the edge and the local database: 1–64 letters, digits, _ . - */
  readonly appId: string;
  /** The edge's base URL. Omit for local-only mode. */
  readonly endpoint?: string;
  /** The app's publishable key; required with `endpoint`. */
  readonly publishableKey?: string;
  /** The decisions, as core's DecisionConfig by name. */
  readonly decisions: Readonly<Record<string, DecisionConfig>>;
  /** How often the leader tab seals and sends deltas, ms. Default 30 000. */
  readonly flushIntervalMs?: number;
  /** Seed for deterministic draws (tests, debugging). Default: from crypto. */
  readonly seed?: number;
  /** Session boosting tuning (eta, half-life, idle time, hiding disliked items). */
  readonly session?: Partial<SessionOptions>;
  /** Wire format of delta batches. Default `'binary'`. */
  readonly transport?: 'binary' | 'json';
  /** Longest wait for the engine to answer one call before restarting it, ms. Default 5000. */
  readonly callTimeoutMs?: number;
  /** IndexedDB database name. Default `crowdbandit:<appId>`. */
  readonly dbName?: string;
  /** Your own fetch (it runs on the main thread; the worker's requests go through it). */
  readonly fetch?: typeof fetch;
  /** Clock in epoch ms. Needs `worker: false` (a function cannot be posted to a worker). */
  readonly now?: () => number;
  /** `'memory'` keeps nothing across reloads. Default `'indexeddb'` (memory when unavailable). */
  readonly storage?: 'indexeddb' | 'memory';
  /** `false` runs the engine in this thread; a function creates the module worker yourself. */
  readonly worker?: false | (() => Worker);
  /** `false`: poll priors only. A function (with `worker: false`) opens the socket yourself. */
  readonly webSocket?: false | ((url: string) => WebSocket);
  /** Backoff of failed sends: first cap and largest cap, ms. Default 1000 and 60 000. */
  readonly retry?: { readonly baseMs?: number; readonly maxMs?: number };
  /** Conditional GET of the community priors this often, ms. Default 60 000. */
  readonly priorsPollMs?: number;
}

/** Options checked, with defaults filled in and split by where they go. */
export interface ResolvedOptions {
  readonly config: HostConfig;
  /** Injections for an in-thread host. */
  readonly platform: HostPlatform;
  readonly fetch: typeof fetch | undefined;
  readonly callTimeoutMs: number;
  /** Null: run in-thread. */
  readonly worker: (() => Worker) | null;
}

const KNOWN = new Set([
  'appId',
  'endpoint',
  'publishableKey',
  'decisions',
  'flushIntervalMs',
  'seed',
  'session',
  'transport',
  'callTimeoutMs',
  'dbName',
  'fetch',
  'now',
  'storage',
  'worker',
  'webSocket',
  'retry',
  'priorsPollMs',
]);
const APP_ID = /^[A-Za-z0-9][\w.-]{0,63}$/;
const KEY = /^[\x21-\x7e]{1,256}$/;

function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  return value === null || typeof value !== 'object' ? String(value) : 'an object';
}

function fail(field: string, message: string, ...value: [unknown?]): never {
  const got = value.length === 0 ? '' : `, got ${shown(value[0])}`;
  throw new CrowdbanditError('invalid_option', `${field} ${message}${got}`, field);
}

function ms(value: unknown, field: string, min: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min) || value > 2_147_483_647) {
    fail(field, `must be a number of milliseconds ≥ ${min}`, value);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (value === undefined) return allowed[0]!;
  if (!allowed.includes(value as T)) {
    fail(field, `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`, value);
  }
  return value as T;
}

function fn<T>(value: unknown, field: string, what: string, falseOk = false): T | undefined {
  if (value === undefined || (falseOk && value === false)) return undefined;
  if (typeof value !== 'function') fail(field, `must be ${what}`, value);
  return value as T;
}

/**
 * Checks the options of createClient; throws a CrowdbanditError (`invalid_option`) whose
 * message says what to fix.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    fail('options', "must be an object such as { appId: 'demo', decisions: { … } }", options);
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key))
      fail(key, `is not an option of createClient (known: ${[...KNOWN].join(', ')})`);
  }
  const o = options;
  if (typeof o.appId !== 'string' || !APP_ID.test(o.appId)) {
    fail('appId', 'must be 1–64 letters, digits, _ . - starting with a letter or digit', o.appId);
  }
  let endpoint: string | null = null;
  let publishableKey: string | null = null;
  if (o.endpoint !== undefined) {
    let url: URL | null = null;
    try {
      url = typeof o.endpoint === 'string' ? new URL(o.endpoint) : null;
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      fail(
        'endpoint',
        "must be the edge's http(s) URL, e.g. 'https://edge.example.com'",
        o.endpoint,
      );
    }
    if (o.publishableKey === undefined) {
      fail('publishableKey', 'is required with endpoint: pass the publishable key of the app');
    }
    endpoint = o.endpoint;
  }
  if (o.publishableKey !== undefined) {
    if (typeof o.publishableKey !== 'string' || !KEY.test(o.publishableKey)) {
      fail('publishableKey', 'must be 1–256 printable characters without spaces', o.publishableKey);
    }
    publishableKey = o.publishableKey;
  }
  if (
    typeof o.decisions !== 'object' ||
    o.decisions === null ||
    Object.keys(o.decisions).length === 0
  ) {
    fail(
      'decisions',
      "must name at least one decision, e.g. { 'home-feed': { kind: 'rank' } }",
      o.decisions,
    );
  }
  for (const [name, decision] of Object.entries(o.decisions)) resolveDecision(name, decision);
  if (o.session !== undefined) {
    resolveSession(o.session);
  }
  if (o.seed !== undefined && !Number.isInteger(o.seed)) fail('seed', 'must be an integer', o.seed);
  if (o.dbName !== undefined && (typeof o.dbName !== 'string' || o.dbName === '')) {
    fail('dbName', 'must be a non-empty string', o.dbName);
  }
  if (o.retry !== undefined && (typeof o.retry !== 'object' || o.retry === null)) {
    fail('retry', 'must be an object { baseMs?, maxMs? }', o.retry);
  }
  const fetcher = fn<typeof fetch>(o.fetch, 'fetch', 'a function like window.fetch');
  const now = fn<() => number>(o.now, 'now', 'a function returning epoch milliseconds');
  const workerFactory = fn<() => Worker>(
    o.worker,
    'worker',
    'false or a function returning a Worker',
    true,
  );
  const socket = fn<(url: string) => WebSocket>(
    o.webSocket,
    'webSocket',
    'false or a function (url) => WebSocket',
    true,
  );
  const worker =
    o.worker === false
      ? null
      : (workerFactory ?? (typeof Worker === 'undefined' ? null : defaultWorker));
  if (worker !== null && now !== undefined) {
    fail('now', 'cannot be posted to a Web Worker: pass worker: false to use your own clock');
  }
  if (worker !== null && socket !== undefined) {
    fail(
      'webSocket',
      'cannot be posted to a Web Worker: pass worker: false to open sockets yourself',
    );
  }
  const seed = o.seed;
  const session = o.session;
  const config: HostConfig = {
    appId: o.appId,
    endpoint,
    publishableKey,
    decisions: o.decisions,
    ...(seed === undefined ? {} : { seed }),
    ...(session === undefined ? {} : { session }),
    flushIntervalMs: ms(o.flushIntervalMs, 'flushIntervalMs', 100, 30_000),
    transport: oneOf(o.transport, 'transport', ['binary', 'json']),
    dbName: o.dbName ?? `crowdbandit:${o.appId}`,
    storage: oneOf(o.storage, 'storage', ['indexeddb', 'memory']),
    webSocket: o.webSocket !== false,
    persistDelayMs: 250,
    priorsPollMs: ms(o.priorsPollMs, 'priorsPollMs', 1000, 60_000),
    retry: {
      baseMs: ms(o.retry?.baseMs, 'retry.baseMs', 1, 1000),
      maxMs: ms(o.retry?.maxMs, 'retry.maxMs', 1, 60_000),
    },
    requestTimeoutMs: 15_000,
    openTimeoutMs: 3000,
  };
  const platform: HostPlatform = {
    ...(fetcher === undefined ? {} : { fetch: fetcher }),
    ...(now === undefined ? {} : { now }),
    ...(socket === undefined ? {} : { webSocket: socket }),
  };
  return {
    config,
    platform,
    fetch: fetcher,
    callTimeoutMs: ms(o.callTimeoutMs, 'callTimeoutMs', 1, 5000),
    worker,
  };
}

/**
 * The SDK's own module worker. `.js`, not `.ts`: bundlers (Vite) map it to the source file,
 * and in the compiled package it names the emitted file next to this one.
 */
function defaultWorker(): Worker {
  return new Worker(new URL('./worker-entry.js', import.meta.url), { type: 'module' });
}
