// Internal: the host's half of the messages (see messages.ts). It answers the client's calls
// in order of arrival and turns the listener and the fetch bridge the host needs into
// messages back.
import type { BridgedResponse, FetchBridge, HostApi, HostListener } from './host-api.ts';
import { errorData, type FromHost, fromErrorData, type Port, type ToHost } from './messages.ts';

type Method = (...args: unknown[]) => Promise<unknown>;

/**
 * Answers the client's messages on `port` with `host` (for as long as the port is open).
 *
 * @example
 * serveHost(createEngineHost(), self as unknown as Port); // in the module worker
 */
export function serveHost(host: HostApi, port: Port): void {
  const fetches = new Map<number, { resolve(r: BridgedResponse): void; reject(e: Error): void }>();
  let lastFetch = 0;
  const post = (message: FromHost) => port.postMessage(message);
  const listener: HostListener = (event, status) => post({ type: 'report', event, status });
  const bridge: FetchBridge = (url, init) =>
    new Promise((resolve, reject) => {
      const id = ++lastFetch;
      post({ type: 'fetch', id, url, init });
      fetches.set(id, { resolve, reject });
    });
  port.addEventListener('message', async ({ data }: MessageEvent<ToHost>) => {
    if (data.type === 'fetched' || data.type === 'fetch-failed') {
      const pending = fetches.get(data.id);
      fetches.delete(data.id);
      if (data.type === 'fetched') pending?.resolve(data.response);
      else pending?.reject(fromErrorData(data.error));
      return;
    }
    try {
      const value =
        data.type === 'init'
          ? await host.init(data.config, listener, { fetch: bridge, all: data.bridged })
          : await (host[data.method] as Method).apply(host, [...data.args]);
      post({ type: 'return', id: data.id, value });
    } catch (error) {
      post({ type: 'throw', id: data.id, error: errorData(error) });
    }
  });
  port.start?.();
}
