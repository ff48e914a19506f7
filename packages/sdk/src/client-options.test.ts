import { isCrowdbanditError } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { type ClientOptions, resolveOptions } from './client-options.ts';

const decisions = { feed: { kind: 'rank' } } as const;
const base: ClientOptions = { appId: 'demo', decisions };
const remote: ClientOptions = { ...base, endpoint: 'https://edge.test', publishableKey: 'pk_x' };
const worker = () => ({}) as Worker;

// [what is wrong, options, field, exact message]
const BAD: ReadonlyArray<readonly [string, unknown, string, string]> = [
  ['no options', undefined, 'options', 'options: must be an object, got undefined'],
  [
    'a typo in a name',
    { ...base, flushInterval: 10 },
    'flushInterval',
    'flushInterval: unknown option (known: appId, endpoint, publishableKey, decisions, userId, flushIntervalMs, seed, session, transport, callTimeoutMs, dbName, fetch, now, storage, worker, webSocket, retry, priorsPollMs)',
  ],
  [
    'no appId',
    { decisions },
    'appId',
    'appId: must be 1–64 letters, digits, _ . - starting with a letter or digit, got undefined',
  ],
  [
    'an appId with a slash',
    { ...base, appId: 'a/b' },
    'appId',
    'appId: must be 1–64 letters, digits, _ . - starting with a letter or digit, got "a/b"',
  ],
  [
    'an endpoint that is no URL',
    { ...remote, endpoint: 'edge.test' },
    'endpoint',
    "endpoint: must be the edge's http(s) URL, e.g. 'https://edge.example.com', got \"edge.test\"",
  ],
  [
    'a ws endpoint',
    { ...remote, endpoint: 'ws://edge.test' },
    'endpoint',
    "endpoint: must be the edge's http(s) URL, e.g. 'https://edge.example.com', got \"ws://edge.test\"",
  ],
  [
    'an endpoint that is a URL object, not a string',
    { ...remote, endpoint: new URL('https://edge.test') },
    'endpoint',
    "endpoint: must be the edge's http(s) URL, e.g. 'https://edge.example.com', got an object",
  ],
  [
    'an endpoint without key',
    { ...base, endpoint: 'https://edge.test' },
    'publishableKey',
    'publishableKey: required with endpoint: pass the publishable key of the app',
  ],
  [
    'a key with a space',
    { ...remote, publishableKey: 'pk x' },
    'publishableKey',
    'publishableKey: must be 1–256 printable characters without spaces, got "pk x"',
  ],
  [
    'no decisions',
    { appId: 'demo' },
    'decisions',
    "decisions: must be an object naming at least one decision, e.g. { 'home-feed': { kind: 'rank' } }, got undefined",
  ],
  [
    'empty decisions',
    { ...base, decisions: {} },
    'decisions',
    "decisions: must be an object naming at least one decision, e.g. { 'home-feed': { kind: 'rank' } }, got an object",
  ],
  [
    'a decision of no kind',
    { ...base, decisions: { feed: { kind: 'sort' } } },
    'decisions.feed.kind',
    "decisions.feed.kind: must be 'rank' or 'choose', got \"sort\"",
  ],
  [
    'a bad k',
    { ...base, decisions: { feed: { kind: 'rank', k: 0 } } },
    'decisions.feed.k',
    'decisions.feed.k: must be a positive integer, got 0',
  ],
  [
    'a choose without arms',
    { ...base, decisions: { s: { kind: 'choose' } } },
    'decisions.s.arms',
    'decisions.s.arms: a choose decision needs 1–64 arms',
  ],
  [
    'a tiny flush interval',
    { ...base, flushIntervalMs: 5 },
    'flushIntervalMs',
    'flushIntervalMs: must be a number of milliseconds ≥ 100, got 5',
  ],
  ['a fractional seed', { ...base, seed: 1.5 }, 'seed', 'seed: must be an integer, got 1.5'],
  [
    'a negative eta',
    { ...base, session: { eta: -1 } },
    'session.eta',
    'session.eta: must be a number in [0, 1000000], got -1',
  ],
  [
    'an unknown transport',
    { ...base, transport: 'xml' },
    'transport',
    "transport: must be 'binary' or 'json', got \"xml\"",
  ],
  [
    'a zero call timeout',
    { ...base, callTimeoutMs: 0 },
    'callTimeoutMs',
    'callTimeoutMs: must be a number of milliseconds ≥ 1, got 0',
  ],
  [
    'an empty dbName',
    { ...base, dbName: '' },
    'dbName',
    'dbName: must be a non-empty string, got ""',
  ],
  [
    'fetch that is no function',
    { ...base, fetch: 'fetch' },
    'fetch',
    'fetch: must be a function like window.fetch, got "fetch"',
  ],
  [
    'an unknown storage',
    { ...base, storage: 'localStorage' },
    'storage',
    "storage: must be 'indexeddb' or 'memory', got \"localStorage\"",
  ],
  [
    'worker: true',
    { ...base, worker: true },
    'worker',
    'worker: must be false or a function returning a Worker, got true',
  ],
  [
    'webSocket: true',
    { ...base, webSocket: true },
    'webSocket',
    'webSocket: must be false or a function (url) => WebSocket, got true',
  ],
  [
    'a clock with a worker',
    { ...base, worker, now: () => 0 },
    'now',
    'now: cannot be posted to a Web Worker: pass worker: false to use it',
  ],
  [
    'a socket factory with a worker',
    { ...base, worker, webSocket: () => ({}) as WebSocket },
    'webSocket',
    'webSocket: cannot be posted to a Web Worker: pass worker: false to use it',
  ],
  ['a retry of no object', { ...base, retry: 5 }, 'retry', 'retry: must be an object, got 5'],
  [
    'a retry base of zero',
    { ...base, retry: { baseMs: 0 } },
    'retry.baseMs',
    'retry.baseMs: must be a number of milliseconds ≥ 1, got 0',
  ],
  [
    'a misspelt retry field',
    { ...base, retry: { base: 1 } },
    'retry.base',
    'retry.base: unknown option (known: baseMs, maxMs)',
  ],
  [
    'a misspelt session field',
    { ...base, session: { etaa: 1 } },
    'session.etaa',
    'session.etaa: unknown option (known: eta, halfLifeMs, idleMs, hideDisliked)',
  ],
  [
    'an undefined session field',
    { ...base, session: { eta: undefined } },
    'session.eta',
    'session.eta: must be a number in [0, 1000000], got undefined',
  ],
  [
    'a fast priors poll',
    { ...base, priorsPollMs: 10 },
    'priorsPollMs',
    'priorsPollMs: must be a number of milliseconds ≥ 1000, got 10',
  ],
];

describe('resolveOptions', () => {
  it.each(BAD)('throws for %s, naming what to fix', (_, options, field, message) => {
    let caught: unknown;
    try {
      resolveOptions(options as ClientOptions);
    } catch (error) {
      caught = error;
    }
    expect(isCrowdbanditError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'invalid_option', field, message });
  });

  it('fills in defaults for local-only mode', () => {
    const { config, worker } = resolveOptions({ ...base, worker: false });
    // Sync settings are left to the sync code, which fills in their defaults.
    expect(config).toEqual({
      appId: 'demo',
      decisions,
      dbName: 'crowdbandit:demo',
      storage: 'indexeddb',
      webSocket: true,
      openTimeoutMs: 3000,
      callTimeoutMs: 5000,
    });
    expect(worker).toBeNull();
  });

  it('runs in-thread where Worker is missing, and passes functions to the in-thread host', () => {
    const now = () => 42;
    const { worker, platform } = resolveOptions({ ...remote, now });
    expect(typeof Worker).toBe('undefined');
    expect(worker).toBeNull();
    expect(platform.now).toBe(now);
  });

  it('uses the given worker factory', () => {
    expect(resolveOptions({ ...base, worker }).worker).toBe(worker);
  });
});
