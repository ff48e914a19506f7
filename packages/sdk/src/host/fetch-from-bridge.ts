// Internal: inside the host, a fetch that runs on the page (the app's `fetch` option, which
// cannot be posted to a worker, or the page's own for the keepalive send), answering through
// messages.
import type { FetchBridge } from './host-api.ts';

const NULL_BODY = new Set([101, 204, 205, 304]);

/** A standard fetch over the bridge (signals do not cross; the host times out on its own). */
export function fetchFromBridge(bridge: FetchBridge): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const body = init.body as Uint8Array | string | undefined;
    const answer = await bridge(String(input), {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      ...(init.keepalive ? { keepalive: true } : {}),
      ...(body === undefined || body === null ? {} : { body }),
    });
    return new Response(NULL_BODY.has(answer.status) ? null : answer.body, {
      status: answer.status,
      headers: answer.headers as [string, string][],
    });
  }) as typeof fetch;
}
