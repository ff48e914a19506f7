import {
  type Check,
  checkDecision,
  checkSession,
  type DecisionConfig,
  isName,
  isRecord,
  mustBe,
  oneOf,
  refuse,
  rule,
  type SessionOptions,
  shape,
} from '@crowdbandit/core';
import type { HostConfig } from './host/host-api.ts';
import type { HostPlatform } from './host/platform.ts';
import { defaultWorker } from './preload.ts';

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
  /**
   * The app's id of the user, hashed by experiments whose `hashAttribute` is `userId` (so a
   * user keeps a variation across devices). It never leaves the device.
   */
  readonly userId?: string;
  /**
   * How often the leader tab seals and sends deltas, ms. Default 60 000: as often as it polls
   * the priors, so the crowd hears from a visitor within a minute, while a batch carries
   * about 39 events of a demo visit instead of 23 at 30 s (fewer requests, fewer bytes and
   * rows at the edge). A hidden page flushes at once whatever the interval.
   */
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
  /** Null: run in-thread. */
  readonly worker: (() => Worker) | null;
}

const KEY = /^[\x21-\x7e]{1,256}$/;
/** The longest delay setTimeout takes. */
const MAX_MS = 2_147_483_647;

const ms = (min: number) =>
  rule(
    (value: number) => typeof value === 'number' && value >= min && value <= MAX_MS,
    `a number of milliseconds ≥ ${min}`,
  );
const fn = (what: string, orFalse = false) =>
  rule((value) => typeof value === 'function' || (orFalse && value === false), what);

function isHttpUrl(value: unknown): boolean {
  try {
    return typeof value === 'string' && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A non-empty string. */
export const nonEmpty = rule(
  (value) => typeof value === 'string' && value !== '',
  'a non-empty string',
);

/** Every option of createClient, in the order they are listed and checked. */
const OPTIONS: Check = shape(
  {
    appId: rule(isName, '1–64 letters, digits, _ . - starting with a letter or digit'),
    endpoint: rule(isHttpUrl, "the edge's http(s) URL, e.g. 'https://edge.example.com'"),
    publishableKey: rule(
      (value: string) => typeof value === 'string' && KEY.test(value),
      '1–256 printable characters without spaces',
    ),
    decisions(value, field) {
      const ok = isRecord(value) && Object.keys(value).length > 0;
      mustBe(
        ok,
        field,
        "an object naming at least one decision, e.g. { 'home-feed': { kind: 'rank' } }",
        value,
      );
      for (const [name, decision] of Object.entries(value as object)) checkDecision(name, decision);
    },
    userId: nonEmpty,
    flushIntervalMs: ms(100),
    seed: rule(Number.isInteger, 'an integer'),
    // Checked by core, which names the field (`session.eta`).
    session: checkSession as Check,
    transport: oneOf('binary', 'json'),
    callTimeoutMs: ms(1),
    dbName: nonEmpty,
    fetch: fn('a function like window.fetch'),
    now: fn('a function returning epoch milliseconds'),
    storage: oneOf('indexeddb', 'memory'),
    worker: fn('false or a function returning a Worker', true),
    webSocket: fn('false or a function (url) => WebSocket', true),
    retry: shape({ baseMs: ms(1), maxMs: ms(1) }),
    priorsPollMs: ms(1000),
  },
  ['appId', 'decisions'],
);

/**
 * Checks the options of createClient; throws a CrowdbanditError (`invalid_option`) whose
 * message says what to fix.
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  OPTIONS(options, '');
  const o = options;
  if (o.endpoint !== undefined && o.publishableKey === undefined) {
    refuse('publishableKey', 'required with endpoint: pass the publishable key of the app');
  }
  const worker =
    o.worker === false
      ? null
      : (o.worker ?? (typeof Worker === 'undefined' ? null : defaultWorker));
  for (const name of ['now', 'webSocket'] as const) {
    if (worker !== null && typeof o[name] === 'function') {
      refuse(name, 'cannot be posted to a Web Worker: pass worker: false to use it');
    }
  }
  const { fetch, now, webSocket, worker: _, callTimeoutMs = 5000, ...settings } = o;
  const config: HostConfig = {
    ...settings,
    dbName: o.dbName ?? `crowdbandit:${o.appId}`,
    storage: o.storage ?? 'indexeddb',
    webSocket: webSocket !== false,
    openTimeoutMs: 3000,
    callTimeoutMs,
  };
  const platform: HostPlatform = { fetch, now, webSocket: webSocket || undefined };
  return { config, platform, worker };
}
