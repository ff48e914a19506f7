import type { Candidate } from '@crowdbandit/core';
import { type ClientOptions, nonEmpty, resolveOptions } from './client-options.ts';
import type { Client } from './client-types.ts';
import { Emitter } from './emitter.ts';
import { HostConnection } from './host-connection.ts';
import { onHidden } from './on-hidden.ts';

/**
 * Creates the client: starts the engine in a module Web Worker (in-thread where workers are
 * unavailable), restores what IndexedDB holds, and syncs with the edge when `endpoint` is
 * given. Throws a CrowdbanditError (`invalid_option`) naming the option to fix; everything
 * that goes wrong later is reported through `on('error' | 'storage', …)` instead.
 *
 * @example
 * const client = createClient({
 *   appId: 'demo',
 *   endpoint: 'http://127.0.0.1:8787',
 *   publishableKey: 'pk_demo_local',
 *   decisions: { 'home-feed': { kind: 'rank', k: 20 } },
 * });
 * await client.setCatalog('films', films);
 * const feed = await client.rank('home-feed', 'films');
 * await client.feedback('home-feed', feed[0].id, 'like');
 */
export function createClient(options: ClientOptions): Client {
  const resolved = resolveOptions(options);
  const emitter = new Emitter();
  const catalogs = new Map<string, readonly Candidate[]>();
  const connection = new HostConnection({
    ...resolved,
    catalogs: () => catalogs,
    onEvent: (event) => emitter.emit(event.type, event.payload as never),
  });
  // The page may be about to go away: the host saves what is unsaved and, in the leader tab,
  // sends the lowest sealed batch with keepalive through this page's fetch.
  const stopWatching = onHidden(() => connection.once('unload'));

  const on: Client['on'] = (event, listener) => emitter.on(event, listener);
  const client: Client = {
    async setCatalog(name, candidates) {
      nonEmpty(name, 'name');
      catalogs.set(name, candidates);
      try {
        await connection.call('setCatalog', name, candidates);
      } catch (error) {
        catalogs.delete(name);
        throw error;
      }
    },
    async rank(decision, candidates, opts = {}) {
      const { exclude, ...rest } = opts;
      const plain = exclude === undefined ? rest : { ...rest, exclude: [...exclude] };
      return connection.call('rank', decision, candidates, plain);
    },
    // Left-out options stay undefined: the host fills in their defaults.
    choose: (...args) => connection.call('choose', ...args),
    feedback: (...args) => connection.call('feedback', ...args),
    posterior: (...args) => connection.call('posterior', ...args),
    assign: (...args) => connection.call('assign', ...args),
    track: (...args) => connection.call('track', ...args),
    flush: () => connection.call('flush'),
    status: () => connection.status,
    on,
    subscribe: on,
    clear: () => connection.call('clear'),
    async close() {
      stopWatching();
      await connection.close();
      emitter.clear();
    },
  };
  return client;
}
