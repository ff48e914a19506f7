// A local HTTP stand-in for the edge, for the Chromium tests: FakeEdge (the unit tests'
// in-process edge) behind node:http with CORS. Each tab gets its own path prefix
// (`/tab-a/v1/apps/…`), so the test can tell which tab sent what. The real edge comes with
// the end-to-end tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeEdge } from '../../packages/sdk/test/fake-edge.ts';

/** One request, with the tab prefix it came through. */
export interface TabRequest {
  readonly tab: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-crowdbandit-key, if-none-match',
  'access-control-expose-headers': 'etag',
};

export async function startEdgeServer(appId: string, key: string) {
  const edge = new FakeEdge({ appId, key });
  const log: TabRequest[] = [];
  let down = false;
  const server = createServer(async (req, res) => {
    if (down) {
      res.destroy();
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://edge.local');
    const [, tab = '', ...rest] = url.pathname.split('/');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    try {
      const response = await edge.fetch(`http://edge.local/${rest.join('/')}${url.search}`, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      log.push({
        tab,
        method: req.method ?? 'GET',
        path: `/${rest.join('/')}`,
        status: response.status,
      });
      res.writeHead(response.status, { ...CORS, ...Object.fromEntries(response.headers) });
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    edge,
    log,
    /** While down, every connection is dropped (the network or the edge is gone). */
    setDown(value: boolean) {
      down = value;
    },
    /** The endpoint a tab should use. */
    endpoint: (tab: string) => `http://127.0.0.1:${port}/${tab}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
