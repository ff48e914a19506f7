// Internal: the client's half of the messages to the engine host (see host/messages.ts):
// calls by name that settle with the host's answer, the host's reports, and the page's fetch
// run here on the host's behalf.
import { serveFetch } from './fetch-bridge.ts';
import type { HostApi, HostConfig, HostListener, HostStatus } from './host/host-api.ts';
import {
  errorData,
  type FromHost,
  fromErrorData,
  type HostMethod,
  type Port,
  type ToHost,
} from './host/messages.ts';

/** A host as the client sees it. */
export interface HostPort {
  /** Starts the host with its configuration; resolves with its first status. */
  init(config: HostConfig): Promise<HostStatus>;
  /** Calls a method of the host; rejects with the error the host threw. */
  call<M extends HostMethod>(method: M, ...args: Parameters<HostApi[M]>): ReturnType<HostApi[M]>;
  /** Stops listening; every call still waiting, and every later one, rejects with `reason`. */
  close(reason: Error): void;
}

/**
 * Connects to a host served on `port`, and serves it this page's fetch: the app's `fetcher`
 * when given (then every request of the host comes back here), else the global one (for the
 * keepalive send as the page goes away).
 *
 * @example
 * const host = connectHost(worker, (event, status) => render(status));
 * await host.init(config);
 * const ranked = await host.call('rank', 'home-feed', 'films', {});
 */
export function connectHost(port: Port, onReport: HostListener, fetcher?: typeof fetch): HostPort {
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let lastId = 0;
  let closed: Error | null = null;
  const send = (message: ToHost) => port.postMessage(message);
  const request = (message: ToHost) =>
    new Promise<never>((resolve, reject) => {
      if (closed !== null) throw closed;
      // Posting throws for data that cannot be cloned: the promise rejects with that.
      send(message);
      waiting.set(message.id, { resolve, reject });
    });
  const bridge = serveFetch(fetcher ?? globalThis.fetch);
  const onMessage = ({ data }: MessageEvent<FromHost>) => {
    if (data.type === 'report') return onReport(data.event, data.status);
    if (data.type === 'fetch') {
      void bridge(data.url, data.init).then(
        (response) => send({ type: 'fetched', id: data.id, response }),
        (error: unknown) => send({ type: 'fetch-failed', id: data.id, error: errorData(error) }),
      );
      return;
    }
    const call = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.type === 'return') call?.resolve(data.value);
    else call?.reject(fromErrorData(data.error));
  };
  port.addEventListener('message', onMessage);
  port.start?.();
  return {
    init: (config) =>
      request({ type: 'init', id: ++lastId, config, bridged: fetcher !== undefined }),
    call: (method, ...args) =>
      request({ type: 'call', id: ++lastId, method, args }) as ReturnType<HostApi[typeof method]>,
    close(reason) {
      closed ??= reason;
      port.removeEventListener('message', onMessage);
      for (const call of waiting.values()) call.reject(reason);
      waiting.clear();
    },
  };
}
