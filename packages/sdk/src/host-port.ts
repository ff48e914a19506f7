// Internal: the client's side of the boundary: the engine host wrapped with comlink, its
// reports and this page's fetch handed over as comlink proxies, and every call still waiting
// rejected at once when the host is stopped (comlink alone would leave it waiting).
import { type Endpoint, proxy, wrap } from 'comlink';
import { serveFetch } from './fetch-bridge.ts';
import { keepCrowdbanditErrors } from './host/boundary.ts';
import type { HostApi, HostConfig, HostListener, HostMethod, HostStatus } from './host/host-api.ts';

/** A host as the client sees it. */
export interface HostPort {
  /** Starts the host with its configuration; resolves with its first status. */
  init(config: HostConfig): Promise<HostStatus>;
  /** Calls a method of the host; rejects with the error the host threw. */
  call<M extends HostMethod>(method: M, ...args: Parameters<HostApi[M]>): ReturnType<HostApi[M]>;
  /** Stops waiting; every call still waiting, and every later one, rejects with `reason`. */
  close(reason: Error): void;
}

/**
 * Connects to a host served on `endpoint` (serve-host.ts), and hands it this page's fetch:
 * the app's `fetcher` when given (then every request of the host comes back here), else the
 * global one (for the keepalive send as the page goes away).
 *
 * @example
 * const host = connectHost(worker, (event, status) => render(status));
 * await host.init(config);
 * const ranked = await host.call('rank', 'home-feed', 'films', {});
 */
export function connectHost(
  endpoint: Endpoint,
  onReport: HostListener,
  fetcher?: typeof fetch,
): HostPort {
  keepCrowdbanditErrors();
  const host = wrap<HostApi>(endpoint);
  const waiting = new Set<(reason: Error) => void>();
  let closed: Error | null = null;
  const settle = <T>(send: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (closed !== null) throw closed;
      // Data that cannot be cloned fails as comlink posts it: the call rejects with that.
      const answer = send();
      waiting.add(reject);
      answer.then(resolve, reject).finally(() => waiting.delete(reject));
    });
  return {
    init: (config) =>
      settle(() =>
        host.init(
          config,
          proxy(onReport),
          proxy(serveFetch(fetcher ?? globalThis.fetch)),
          fetcher !== undefined,
        ),
      ),
    call: (method, ...args) =>
      settle(() => (host[method] as (...args: unknown[]) => Promise<unknown>)(...args)) as never,
    close(reason) {
      closed ??= reason;
      for (const reject of waiting) reject(reason);
      waiting.clear();
    },
  };
}
