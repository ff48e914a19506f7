// Internal: the engine host in the calling thread, behind a MessageChannel, so the client
// talks to it over comlink exactly as to a worker (loaded on demand: worker users never
// download it).
import type { Endpoint } from 'comlink';
import { createEngineHost } from './host/engine-host.ts';
import type { HostPlatform } from './host/platform.ts';
import { serveHost } from './host/serve-host.ts';

/** A started host: the endpoint to wrap, and how to stop it dead. */
export interface HostHandle {
  readonly endpoint: Endpoint;
  terminate(): void;
}

/**
 * Starts an engine host in this thread.
 *
 * @example
 * const { endpoint, terminate } = startInThreadHost({ fetch: myFetch });
 * const host = connectHost(endpoint, onReport);
 */
export function startInThreadHost(platform: HostPlatform): HostHandle {
  const { port1, port2 } = new MessageChannel();
  const host = createEngineHost(platform);
  serveHost(host, port2);
  return {
    endpoint: port1,
    terminate() {
      host.abandon();
      port1.close();
      port2.close();
    },
  };
}
