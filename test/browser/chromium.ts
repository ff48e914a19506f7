// The fixture pages for the browser tests, served by Vite with workspace packages loaded
// from source; Chromium itself is launched as in the SDK benchmark.
import { fileURLToPath } from 'node:url';
import { createServer, defaultClientConditions, type ViteDevServer } from 'vite';
import { freePort } from '../../packages/sdk/bench/chromium.ts';

export { launchChromium } from '../../packages/sdk/bench/chromium.ts';

/** Serves test/browser/fixtures with Vite; `url` is the fixture page. */
export async function serveFixtures(): Promise<{ url: string; server: ViteDevServer }> {
  const port = await freePort();
  const server = await createServer({
    root: fileURLToPath(new URL('./fixtures', import.meta.url)),
    configFile: false,
    logLevel: 'error',
    resolve: { conditions: ['@crowdbandit/source', ...defaultClientConditions] },
    optimizeDeps: { include: ['idb'] },
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false },
  });
  await server.listen();
  return { url: `http://127.0.0.1:${port}/`, server };
}
