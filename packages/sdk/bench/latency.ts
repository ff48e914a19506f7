// Round trips of the SDK from a page's main thread to the module worker, in Chromium: the
// benchmark page is built for production with `vite build` and served by `vite preview`
// with cross-origin isolation (so performance.now() has 5 µs rather than 100 µs steps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, defaultClientConditions, preview } from 'vite';
import { freePort, launchChromium } from './chromium.ts';

/** p50 and p90 of one operation, ms. */
export interface Latency {
  readonly p50: number;
  readonly p90: number;
  readonly runs: number;
}

export interface LatencyResult {
  readonly mode: string;
  readonly storage: string;
  readonly crossOriginIsolated: boolean;
  /** The first 500 rank calls (after 20 unmeasured), while the engine is still being optimized. */
  readonly rank_catalog_1k_first: Latency;
  readonly rank_catalog_1k: Latency;
  readonly rank_array_1k: Latency;
  readonly rank_catalog_10k: Latency;
  readonly rank_array_10k: Latency;
  readonly feedback: Latency;
  readonly chromium: string;
}

const ISOLATED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Builds and serves the benchmark page, runs it in Chromium. */
export async function measureLatency(quick: boolean): Promise<LatencyResult> {
  const root = new URL('./page', import.meta.url).pathname;
  const outDir = mkdtempSync(join(tmpdir(), 'crowdbandit-sdk-page-'));
  const shared = {
    root,
    configFile: false as const,
    logLevel: 'warn' as const,
    resolve: { conditions: ['@crowdbandit/source', ...defaultClientConditions] },
  };
  const browser = await launchChromium();
  try {
    await build({ ...shared, build: { outDir, emptyOutDir: true }, worker: { format: 'es' } });
    const port = await freePort();
    const server = await preview({
      ...shared,
      build: { outDir },
      preview: { host: '127.0.0.1', port, strictPort: true, headers: ISOLATED },
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(
        () => (globalThis as { benchReady?: boolean }).benchReady === true,
      );
      const result = await page.evaluate(
        (q) => (globalThis as unknown as { runBench(q: boolean): Promise<object> }).runBench(q),
        quick,
      );
      return { ...(result as Omit<LatencyResult, 'chromium'>), chromium: browser.version() };
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
