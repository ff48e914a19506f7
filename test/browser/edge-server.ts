// The real edge (worker/src in local workerd) behind a thin proxy that gives each tab its
// own path prefix (`/tab-a/v1/apps/…` → `/v1/apps/…`), so a test can tell which tab sent
// what, and that can go down and come back like a network.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LocalEdge, startLocalEdge, TEST_APP } from '../support/local-edge.ts';

/** One request, with the tab prefix it came through. */
export interface TabRequest {
  readonly tab: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** The crowd's totals [S, F] per decision, context and arm, as the edge publishes them. */
export type Totals = Record<string, Record<string, Record<string, [number, number]>>>;

export async function startEdgeServer() {
  const edge: LocalEdge = await startLocalEdge();
  const log: TabRequest[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.local');
    const [, tab = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}${url.search}`;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
        headers.set(name, value);
    }
    try {
      const response = await fetch(`${edge.url}${path}`, {
        method: req.method ?? 'GET',
        headers,
        body:
          req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS'
            ? null
            : new Uint8Array(Buffer.concat(chunks)),
      });
      const body = Buffer.from(await response.arrayBuffer());
      if (req.method !== 'OPTIONS')
        log.push({ tab, method: req.method ?? 'GET', path, status: response.status });
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!['content-encoding', 'transfer-encoding', 'content-length'].includes(name))
          out[name] = value;
      });
      res.writeHead(response.status, out).end(body);
    } catch {
      // The edge is down: the client sees what a dead network looks like.
      res.destroy();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    app: TEST_APP,
    log,
    endpoint: (tab: string) => `http://127.0.0.1:${port}/${tab}`,
    /** Takes the edge down (its state stays) or brings it back. */
    setDown: (down: boolean) => (down ? edge.stop() : edge.start()),
    /** The published community totals, once shards have pushed (they do 200 ms after a change). */
    async totals(): Promise<Totals> {
      const res = await fetch(`${edge.url}/v1/apps/${TEST_APP.id}/priors`, {
        headers: { 'x-crowdbandit-key': TEST_APP.key },
      });
      return ((await res.json()) as { decisions: Totals }).decisions;
    },
    /**
     * Sends a crowd's counts as if from as many other clients, one like or dislike each, each
     * with an id the edge signed (every client a vote of its own, as on a real site).
     */
    async addCrowd(decision: string, arm: string, s: number, f: number) {
      const one = async (i: number) => {
        const own = `crowd-${i}-${decision}-${arm}`.slice(0, 48);
        const issued = await fetch(`${edge.url}/v1/apps/${TEST_APP.id}/clients`, {
          method: 'POST',
          headers: {
            'x-crowdbandit-key': TEST_APP.key,
            'content-type': 'application/json',
            'cf-connecting-ip': `198.51.100.${i % 250}`,
          },
          body: JSON.stringify({ id: own.padEnd(8, '-') }),
        });
        const { clientId } = (await issued.json()) as { clientId: string };
        const res = await fetch(`${edge.url}/v1/apps/${TEST_APP.id}/deltas`, {
          method: 'POST',
          headers: { 'x-crowdbandit-key': TEST_APP.key, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientId,
            seq: 1,
            deltas: [{ decision, context: '', arm, s: i < s ? 1 : 0, f: i < s ? 0 : 1 }],
          }),
        });
        if (res.status !== 200) throw new Error(`crowd batch: ${res.status} ${await res.text()}`);
      };
      for (let i = 0; i < s + f; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, s + f - i) }, (_, j) => one(i + j)));
      }
    },
    async priorsVersion(): Promise<number> {
      const res = await fetch(`${edge.url}/v1/apps/${TEST_APP.id}/priors`, {
        headers: { 'x-crowdbandit-key': TEST_APP.key },
      });
      return ((await res.json()) as { version: number }).version;
    },
    async close() {
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      await edge.dispose();
    },
  };
}
