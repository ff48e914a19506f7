import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unstable_startWorker } from 'wrangler';

// Offline switches: nothing of a local edge leaves loopback. (Each wrangler config bundles the
// workspace packages from source through its own `alias`.)
for (const [key, value] of Object.entries({
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
})) {
  process.env[key] ??= value;
}

/** Options of {@link startLocalEdge}. */
export interface LocalEdgeOptions {
  /** The wrangler config. Default: the edge's own `worker/wrangler.jsonc` (app `demo`). */
  readonly config?: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one, kept across stop and start. */
  readonly port?: number;
  /** Durable Object state. Default: a fresh temporary folder that `dispose` deletes. */
  readonly persist?: string;
  /** The ADMIN_TOKEN secret, over any `.dev.vars`; for configs that do not set it in `vars`. */
  readonly adminToken?: string;
  readonly logLevel?: 'error' | 'warn' | 'info';
}

/** A real edge in local workerd. */
export interface LocalEdge {
  /** e.g. `http://127.0.0.1:8787` */
  readonly url: string;
  /** Stops it (the state stays), as if the network went away. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  /** Stops it, and deletes its state when that was a temporary folder. */
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/**
 * Starts the edge from `worker/src` in local workerd through wrangler: local SQLite state,
 * no account, no network.
 *
 * @example
 * const edge = await startLocalEdge({ config: 'test/support/wrangler.test.jsonc' });
 * await fetch(`${edge.url}/v1/apps/e2e/priors`);
 * await edge.dispose();
 */
export async function startLocalEdge(options: LocalEdgeOptions = {}): Promise<LocalEdge> {
  const port = options.port || (await freePort());
  const temporary = options.persist === undefined;
  const persist = options.persist ?? mkdtempSync(join(tmpdir(), 'crowdbandit-edge-'));
  // The caller's admin token wins over a developer's worker/.dev.vars, so the token that
  // `npm start` prints is the one that works.
  const bindings =
    options.adminToken === undefined
      ? {}
      : { ADMIN_TOKEN: { type: 'secret_text', value: options.adminToken } as const };
  // A local edge signs client ids with a local secret unless its config, a .dev.vars or the
  // caller sets one (wrangler reads required secrets from the environment without .dev.vars).
  process.env.CLIENT_ID_SECRET ??= 'local-client-id-secret-not-for-production';
  let worker: Awaited<ReturnType<typeof unstable_startWorker>> | null = null;

  const start = async () => {
    if (worker !== null) return;
    const started = await unstable_startWorker({
      config: options.config ?? resolve(import.meta.dirname, '../wrangler.jsonc'),
      bindings,
      dev: {
        server: { hostname: '127.0.0.1', port },
        inspector: false,
        persist,
        watch: false,
        logLevel: options.logLevel ?? 'error',
      },
    });
    await started.ready;
    worker = started;
  };
  const stop = async () => {
    const running = worker;
    worker = null;
    await running?.dispose();
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    start,
    stop,
    async dispose() {
      await stop();
      if (temporary) rmSync(persist, { recursive: true, force: true });
    },
  };
}
