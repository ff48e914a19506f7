// Internal: the host's side of the boundary: serves an engine host over comlink, in the
// module worker or in-thread behind a MessageChannel. The client's listener and the page's
// fetch arrive as comlink proxies (see host-port.ts).
import { type Endpoint, expose } from 'comlink';
import { keepCrowdbanditErrors } from './boundary.ts';
import type { HostApi } from './host-api.ts';

/**
 * Answers the client's calls on `endpoint` with `host` (for as long as it is open).
 *
 * @example
 * serveHost(createEngineHost(), globalThis as unknown as Endpoint); // in the module worker
 */
export function serveHost(host: HostApi, endpoint: Endpoint): void {
  keepCrowdbanditErrors();
  expose(host, endpoint);
}
