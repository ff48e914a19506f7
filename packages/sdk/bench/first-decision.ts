// Time to the first personalised page, in Chromium: from just before createClient to the
// resolved first rank('home-feed', 'films') on the demo's catalog. The page is built for
// production and served with cross-origin isolation, like the latency page.
//   cold: a fresh browser context each run (no IndexedDB, no HTTP cache);
//   warm: visits of one context after a first visit that gave feedback (evidence stored);
//   each with the worker started at createClient, and with `preload()` at the page's start;
//   and the SDK as it was before the startup work (BEFORE_COMMIT), built the same way and
//   visited in turn with the others, so that before and after share the machine's moods.
// The page creates its client once loaded, as an app does once it has its catalog.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, defaultClientConditions, preview } from 'vite';
import { freePort, launchChromium } from './chromium.ts';

/** The last commit before the startup work: the SDK the "before" visits run. */
export const BEFORE_COMMIT = '552661a';

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
  films: number;
  mode: string;
  storage: string;
}

/** Total and breakdown of cold or warm visits. */
export interface FirstDecisionCase extends Quantiles {
  readonly runs: number;
  readonly breakdown: {
    readonly create: Quantiles;
    readonly worker_start_storage_catalog: Quantiles;
    readonly first_rank: Quantiles;
  };
}

export interface FirstDecisionResult {
  readonly cold: FirstDecisionCase;
  readonly warm: FirstDecisionCase;
  /** The same with `preload()` called first thing on the page. */
  readonly preload: { readonly cold: FirstDecisionCase; readonly warm: FirstDecisionCase };
  /** The SDK of {@link BEFORE_COMMIT}, in the same run (null where git could not extract it). */
  readonly before: {
    readonly commit: string;
    readonly cold: FirstDecisionCase;
    readonly warm: FirstDecisionCase;
  } | null;
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
      worker_start_storage_catalog: quantiles(visits.map((v) => v.catalog)),
      first_rank: quantiles(visits.map((v) => v.rank)),
    },
  };
}

/** Opens `url` (a navigation, as a reload is) and times a visit once the page has loaded. */
async function visit(page: Page, url: string, feedback = false): Promise<Visit> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { benchReady?: boolean }).benchReady === true);
  return page.evaluate(
    (f) =>
      (globalThis as unknown as { firstDecision(f: boolean): Promise<Visit> }).firstDecision(f),
    feedback,
  );
}

/**
 * `runs` cold and warm visits of each of `urls`, taking turns, after one unmeasured visit of
 * each (the server's and the browser process's own first time).
 */
async function visits(browser: Browser, urls: readonly string[], runs: number) {
  const cold: Visit[][] = urls.map(() => []);
  for (let i = -1; i < runs; i++) {
    for (const [u, url] of urls.entries()) {
      const context = await browser.newContext();
      const v = await visit(await context.newPage(), url);
      if (i >= 0) cold[u]!.push(v);
      await context.close();
    }
  }
  const warm: Visit[][] = urls.map(() => []);
  const pages: Page[] = [];
  for (const url of urls) {
    const page = await (await browser.newContext()).newPage();
    await visit(page, url, true);
    pages.push(page);
  }
  for (let i = -1; i < runs; i++) {
    for (const [u, url] of urls.entries()) {
      const v = await visit(pages[u]!, url);
      if (i >= 0) warm[u]!.push(v);
    }
  }
  for (const page of pages) await page.context().close();
  return urls.map((_, u) => ({ cold: cold[u]!, warm: warm[u]! }));
}

/**
 * The SDK's source at {@link BEFORE_COMMIT}, extracted inside the repository (so its imports
 * resolve to the same dependencies); null when git cannot give it (a shallow clone).
 */
function sdkBefore(repo: string): { index: string; dir: string } | null {
  const dir = join(repo, 'node_modules/.cache/crowdbandit-first-decision-before');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const archive = execFileSync('git', ['archive', BEFORE_COMMIT, 'packages/sdk/src'], {
      cwd: repo,
      maxBuffer: 64 * 1024 * 1024,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    return { index: join(dir, 'packages/sdk/src/index.ts'), dir };
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Builds and serves the first-decision page, measures cold and warm visits in Chromium. */
export async function measureFirstDecision(runs = 20): Promise<FirstDecisionResult> {
  const root = new URL('./first-page', import.meta.url).pathname;
  const repo = resolve(root, '../../../..');
  const outDir = mkdtempSync(join(tmpdir(), 'crowdbandit-first-page-'));
  const shared = {
    root,
    configFile: false as const,
    logLevel: 'warn' as const,
    resolve: {
      conditions: ['@crowdbandit/source', ...defaultClientConditions],
      // vega-datasets exports only its JS entry; the demo's catalog reads the raw movies.json.
      alias: { 'vega-datasets/movies.json': join(DATASETS, '../data/movies.json') } as Record<
        string,
        string
      >,
    },
  };
  const before = sdkBefore(repo);
  const browser = await launchChromium();
  const servers: { close(): Promise<void> }[] = [];
  try {
    const serve = async (dir: string, sdk?: string) => {
      const alias = {
        ...shared.resolve.alias,
        ...(sdk === undefined ? {} : { '@crowdbandit/sdk': sdk }),
      };
      // The old SDK has no preload(): the page's optional call of it would warn.
      const logLevel = sdk === undefined ? shared.logLevel : ('error' as const);
      const config = { ...shared, logLevel, resolve: { ...shared.resolve, alias } };
      await build({
        ...config,
        build: { outDir: dir, emptyOutDir: true },
        worker: { format: 'es' },
      });
      const port = await freePort();
      const server = await preview({
        ...config,
        build: { outDir: dir },
        preview: { host: '127.0.0.1', port, strictPort: true, headers: ISOLATED },
      });
      servers.push(server);
      return `http://127.0.0.1:${port}/`;
    };
    const url = await serve(join(outDir, 'after'));
    const urls = [url, `${url}?preload`];
    if (before !== null) urls.push(await serve(join(outDir, 'before'), before.index));
    const [plain, preloaded, old] = await visits(browser, urls, runs);
    const first = plain!.cold[0];
    const reloaded = plain!.warm[0];
    if (!first || !reloaded) throw new Error('first-decision benchmark: no runs');
    return {
      cold: summarise(plain!.cold),
      warm: summarise(plain!.warm),
      preload: { cold: summarise(preloaded!.cold), warm: summarise(preloaded!.warm) },
      before:
        old === undefined
          ? null
          : { commit: BEFORE_COMMIT, cold: summarise(old.cold), warm: summarise(old.warm) },
      films: first.films,
      mode: first.mode,
      storage: reloaded.storage,
      chromium: browser.version(),
    };
  } finally {
    for (const server of servers) await server.close();
    await browser.close();
    rmSync(outDir, { recursive: true, force: true });
    if (before !== null) rmSync(before.dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 20);
  console.log(JSON.stringify(await measureFirstDecision(runs), null, 2));
}
