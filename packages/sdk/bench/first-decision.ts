// Time to the first personalised page, in Chromium: from just before createClient to the
// resolved first rank('home-feed', 'films') on the demo's 3,201-film catalog. The page is
// built for production and served with cross-origin isolation, like the latency page.
//   cold: a fresh browser context each run (no IndexedDB, no HTTP cache);
//   warm: reloads of one context after a first visit that gave feedback (evidence stored).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { build, defaultClientConditions, preview } from 'vite';
import { freePort, launchChromium } from './chromium.ts';

/** p50 and p90 of one step, ms. */
export interface Quantiles {
  readonly p50: number;
  readonly p90: number;
}

/** One visit's figures, ms, as the page measured them. */
interface Visit {
  total: number;
  create: number;
  catalog: number;
  rank: number;
  workerFetch: number;
  films: number;
  mode: string;
  storage: string;
}

/** Total and breakdown of cold or warm visits. */
export interface FirstDecisionCase extends Quantiles {
  readonly runs: number;
  readonly breakdown: {
    readonly create: Quantiles;
    readonly worker_fetch: Quantiles;
    readonly worker_start_storage_catalog: Quantiles;
    readonly first_rank: Quantiles;
  };
}

export interface FirstDecisionResult {
  readonly cold: FirstDecisionCase;
  readonly warm: FirstDecisionCase;
  readonly films: number;
  readonly mode: string;
  readonly storage: string;
  readonly chromium: string;
}

const DATASETS = dirname(createRequire(import.meta.url).resolve('vega-datasets'));

const ISOLATED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  const low = sorted[lo] ?? 0;
  return low + ((sorted[hi] ?? low) - low) * (at - lo);
}

function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { p50: round(quantile(sorted, 0.5)), p90: round(quantile(sorted, 0.9)) };
}

function summarise(visits: readonly Visit[]): FirstDecisionCase {
  return {
    ...quantiles(visits.map((v) => v.total)),
    runs: visits.length,
    breakdown: {
      create: quantiles(visits.map((v) => v.create)),
      worker_fetch: quantiles(visits.map((v) => v.workerFetch)),
      worker_start_storage_catalog: quantiles(visits.map((v) => v.catalog)),
      first_rank: quantiles(visits.map((v) => v.rank)),
    },
  };
}

async function visit(page: Page, feedback: boolean): Promise<Visit> {
  await page.waitForFunction(() => (globalThis as { benchReady?: boolean }).benchReady === true);
  return page.evaluate(
    (f) =>
      (globalThis as unknown as { firstDecision(f: boolean): Promise<Visit> }).firstDecision(f),
    feedback,
  );
}

/** Builds and serves the first-decision page, measures cold and warm visits in Chromium. */
export async function measureFirstDecision(runs = 20): Promise<FirstDecisionResult> {
  const root = new URL('./first-page', import.meta.url).pathname;
  const outDir = mkdtempSync(join(tmpdir(), 'crowdbandit-first-page-'));
  const shared = {
    root,
    configFile: false as const,
    logLevel: 'warn' as const,
    resolve: {
      conditions: ['@crowdbandit/source', ...defaultClientConditions],
      // vega-datasets exports only its JS entry; the demo's catalog reads the raw movies.json.
      alias: { 'vega-datasets/movies.json': join(DATASETS, '../data/movies.json') },
    },
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
    const url = `http://127.0.0.1:${port}/`;
    try {
      const cold: Visit[] = [];
      // One unmeasured cold visit: the server's and the browser process's own first time.
      for (let i = -1; i < runs; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        const v = await visit(page, false);
        if (i >= 0) cold.push(v);
        await context.close();
      }
      const warm: Visit[] = [];
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await visit(page, true);
      for (let i = -1; i < runs; i++) {
        await page.reload();
        const v = await visit(page, false);
        if (i >= 0) warm.push(v);
      }
      await context.close();
      const first = cold[0];
      const reloaded = warm[0];
      if (!first || !reloaded) throw new Error('first-decision benchmark: no runs');
      return {
        cold: summarise(cold),
        warm: summarise(warm),
        films: first.films,
        mode: first.mode,
        storage: reloaded.storage,
        chromium: browser.version(),
      };
    } finally {
      await server.close();
    }
  } finally {
    await browser.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 20);
  console.log(JSON.stringify(await measureFirstDecision(runs), null, 2));
}
