// Internal: inside the worker, a fetch that runs on the main thread (the app's `fetch` option
// cannot be posted to a worker, so it stays there and answers through messages).
import type { FetchBridge } from './host-api.ts';

const NULL_BODY = new Set([101, 204, 205, 304]);

/** A standard fetch over the bridge (signals do not cross; the host times out on its own). */
export function fetchFromBridge(bridge: FetchBridge): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const body = init.body as Uint8Array | string | undefined;
    const answer = await bridge(String(input), {
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      keepalive: init.keepalive === true,
      ...(body === undefined || body === null ? {} : { body }),
    });
    return new Response(NULL_BODY.has(answer.status) ? null : answer.body, {
      status: answer.status,
      headers: answer.headers as [string, string][],
    });
  }) as typeof fetch;
}
