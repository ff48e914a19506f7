import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unstable_startWorker } from 'wrangler';

for (const [key, value] of Object.entries({
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  WRANGLER_BUILD_CONDITIONS: '@crowdbandit/source,workerd,worker,browser',
})) {
  process.env[key] ??= value;
}

/** The test app of the cross-package tests (see test/support/wrangler.test.jsonc). */
export const TEST_APP = { id: 'e2e', key: 'pk_e2e_test', adminToken: 'e2e-admin-token' } as const;

/** A real edge in local workerd with its own temporary state. */
export interface LocalEdge {
  readonly url: string;
  /** Stops it (the state stays), as if the network went away. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same state. */
  start(): Promise<void>;
  /** Stops it and deletes its state. */
  dispose(): Promise<void>;
}

/**
 * Starts the edge from worker/src in local workerd (wrangler's startWorker), with the test
 * config: app `e2e`, shards pushing to the aggregator 200 ms after a change.
 */
export async function startLocalEdge(port = 0): Promise<LocalEdge> {
  const state = mkdtempSync(join(tmpdir(), 'crowdbandit-edge-'));
  let worker: Awaited<ReturnType<typeof unstable_startWorker>> | null = null;
  let boundPort = port;
  const start = async () => {
    worker = await unstable_startWorker({
      config: resolve(import.meta.dirname, 'wrangler.test.jsonc'),
      dev: {
        server: { hostname: '127.0.0.1', port: boundPort },
        inspector: false,
        persist: state,
        watch: false,
        logLevel: 'error',
      },
    });
    await worker.ready;
    boundPort = Number((await worker.url).port);
  };
  await start();
  return {
    url: `http://127.0.0.1:${boundPort}`,
    start,
    async stop() {
      const w = worker;
      worker = null;
      await w?.dispose();
    },
    async dispose() {
      const w = worker;
      worker = null;
      await w?.dispose();
      rmSync(state, { recursive: true, force: true });
    },
  };
}
