import { createServer as createNetServer } from 'node:net';
import { resolve } from 'node:path';
import { type LocalEdge, startLocalEdge } from '@crowdbandit/edge/local';
import { createServer, type ViteDevServer } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');

/** Where the local stack listens and keeps its state (a port of 0 picks a free one). */
export interface StackOptions {
  readonly edgePort?: number;
  readonly demoPort?: number;
  readonly dashboardPort?: number;
  /** Durable Object state of the local edge. Default: worker/.wrangler/state (as `npm run dev:edge`). */
  readonly persist?: string;
  /** Admin token of the local edge. Default `local-admin-token`. */
  readonly adminToken?: string;
}

/** The running local stack. */
export interface Stack {
  readonly edgeUrl: string;
  readonly demoUrl: string;
  readonly dashboardUrl: string;
  readonly adminToken: string;
  /** Stops the edge only (the sites keep running, as when a device goes offline). */
  stopEdge(): Promise<void>;
  /** Starts the edge again on the same port with the same state. */
  startEdge(): Promise<void>;
  close(): Promise<void>;
}

// A free port now, so a restarted edge can come back on the same one.
async function freePort(port: number): Promise<number> {
  if (port !== 0) return port;
  const server = createNetServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Starts the local edge (workerd through wrangler, local SQLite state, no account, no
 * network), the demo site and the ops dashboard.
 *
 * @example
 * const stack = await startStack();
 * console.log(stack.demoUrl); // http://127.0.0.1:5173/
 * await stack.close();
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const edgePort = await freePort(options.edgePort ?? 8787);
  const demoPort = await freePort(options.demoPort ?? 5173);
  const dashboardPort = await freePort(options.dashboardPort ?? 5174);
  const persist = options.persist ?? resolve(ROOT, 'worker/.wrangler/state');
  const adminToken = options.adminToken ?? 'local-admin-token';
  const edge: LocalEdge = await startLocalEdge({
    port: edgePort,
    persist,
    adminToken,
    logLevel: 'warn',
  });
  const edgeUrl = edge.url;

  const servers: ViteDevServer[] = [];
  try {
    for (const [root, port] of [
      ['demo', demoPort],
      ['apps/dashboard', dashboardPort],
    ] as const) {
      const server = await createServer({
        root: resolve(ROOT, root),
        configFile: resolve(ROOT, root, 'vite.config.ts'),
        server: { host: '127.0.0.1', port, strictPort: true },
        define: {
          'import.meta.env.VITE_EDGE_URL': JSON.stringify(edgeUrl),
        },
        logLevel: 'warn',
      });
      await server.listen();
      servers.push(server);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    await edge.stop();
    throw error;
  }

  return {
    edgeUrl,
    demoUrl: `http://127.0.0.1:${demoPort}/`,
    dashboardUrl: `http://127.0.0.1:${dashboardPort}/`,
    adminToken,
    stopEdge: edge.stop,
    startEdge: edge.start,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
      await edge.stop();
    },
  };
}
