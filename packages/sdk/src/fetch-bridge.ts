// Internal: the main thread's half of the fetch bridge: runs the page's fetch (the app's own,
// or the global one) and answers with plain data that comlink can post back to the worker.
import type { BridgedResponse, FetchBridge } from './host/host-api.ts';

export function serveFetch(fetcher: typeof fetch): FetchBridge {
  return async (url, init): Promise<BridgedResponse> => {
    const response = await fetcher(url, init as RequestInit);
    return {
      status: response.status,
      headers: [...response.headers.entries()],
      body: await response.text(),
    };
  };
}
