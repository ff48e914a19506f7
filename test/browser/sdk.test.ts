import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveFixtures } from './chromium.ts';
import { startEdgeServer } from './edge-server.ts';
import type { WithFixture } from './fixture-api.ts';

let browser: Browser;
let vite: { url: string; server: ViteDevServer };
let context: BrowserContext | null = null;

beforeAll(async () => {
  browser = await launchChromium();
  vite = await serveFixtures();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await vite?.server.close();
});

async function open(target: BrowserContext): Promise<Page> {
  const page = await target.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(vite.url);
  await page.waitForFunction(() => (globalThis as WithFixture).cbReady === true);
  return page;
}

const decisions = { feed: { kind: 'rank', k: 10 } };

type EdgeServer = Awaited<ReturnType<typeof startEdgeServer>>;

/** Options of a client synced with `edge` as `tab`: no socket, and no timed flush unless asked. */
function syncedWith(edge: EdgeServer, tab = 'tab', more: Record<string, unknown> = {}) {
  return {
    appId: edge.app.id,
    endpoint: edge.endpoint(tab),
    publishableKey: edge.app.key,
    decisions,
    webSocket: false,
    flushIntervalMs: 600_000,
    ...more,
  };
}

function start(page: Page, options: Record<string, unknown>) {
  return page.evaluate((o) => (globalThis as WithFixture).cb.start(o), options);
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

describe('the SDK in Chromium', () => {
  it('preload() starts the worker before the client, which then uses it', async () => {
    context = await browser.newContext();
    const page = await open(context);
    await page.evaluate(() => (globalThis as WithFixture).cb.preload());
    await waitFor(async () => page.workers().length === 1, 10_000);
    const status = await start(page, { appId: 'preload-check', decisions });
    expect(status).toMatchObject({ mode: 'worker', storage: 'indexeddb' });
    const ranked = await page.evaluate(() => (globalThis as WithFixture).cb.rank('feed', 50));
    expect(ranked).toHaveLength(10);
    // The client adopted the preloaded worker instead of starting a second one.
    expect(page.workers()).toHaveLength(1);
    await page.evaluate(() => (globalThis as WithFixture).cb.close());
    await context.close();
    context = null;
  });

  it('runs the engine in a module worker on IndexedDB', async () => {
    context = await browser.newContext();
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await open(context);
    const status = await start(page, { appId: 'worker-check', decisions });
    expect(status).toMatchObject({ mode: 'worker', storage: 'indexeddb' });
    const ranked = await page.evaluate(() => (globalThis as WithFixture).cb.rank('feed', 200));
    expect(ranked).toHaveLength(10);
    expect(new Set(ranked).size).toBe(10);
    await page.evaluate(() => (globalThis as WithFixture).cb.flush());
    // The worker's own modules load; a local-only client that asks for no explanation loads
    // neither the sync code nor the interval math, and fetches the memory store only in the
    // background (so that a later IndexedDB failure can move there offline).
    expect(requested.some((url) => url.includes('/worker-entry.'))).toBe(true);
    const lazy = /\/(connect-edge|intervals|memory-store)\./;
    const loaded = () =>
      requested.filter((url) => lazy.test(url)).map((url) => lazy.exec(url)?.[1]);
    expect(loaded()).toEqual(['memory-store']);
    const posterior = await page.evaluate(() =>
      (globalThis as WithFixture).cb.posterior('feed', 'movie-1'),
    );
    expect(posterior.interval[0]).toBeLessThan(posterior.interval[1]);
    expect(loaded()).toEqual(['memory-store', 'intervals']);
    await context.close();
    context = null;
  });

  it('rejects a call the engine refuses with a CrowdbanditError, code and field kept, from the worker and in-thread', async () => {
    context = await browser.newContext();
    for (const worker of [undefined, false]) {
      const page = await open(context);
      const status = await start(page, { appId: 'refusal-check', decisions, worker });
      expect(status.mode).toBe(worker === false ? 'in-thread' : 'worker');
      const refusal = await page.evaluate(() => (globalThis as WithFixture).cb.refused());
      expect(refusal).toEqual({
        isCrowdbanditError: true,
        instanceOf: true,
        name: 'CrowdbanditError',
        code: 'unknown_decision',
        field: 'decision',
        message: expect.stringContaining('no-such-decision'),
      });
      await page.close();
    }
    await context.close();
    context = null;
  });

  it('restarts a worker that fails, and after two failures in a row runs the engine in the page', async () => {
    context = await browser.newContext();
    const page = await open(context);
    const { first, status } = await page.evaluate(
      (o) => (globalThis as WithFixture).cb.startBroken(o),
      { appId: 'broken-worker', decisions },
    );
    expect(first).toMatch(/did not answer twice \(the worker failed: .*this worker cannot start/);
    expect(status.mode).toBe('in-thread');
    const ranked = await page.evaluate(() => (globalThis as WithFixture).cb.rank('feed', 50));
    expect(ranked).toHaveLength(10);
    const restarts = await page.evaluate(() =>
      (globalThis as WithFixture).cb
        .events()
        .filter((e) => e.name === 'error')
        .map((e) => (e.payload as { code?: string }).code),
    );
    expect(restarts).toEqual(['engine_restart', 'engine_restart']);
    await context.close();
    context = null;
  });

  it('keeps what it learned across a reload', async () => {
    context = await browser.newContext();
    const page = await open(context);
    await start(page, { appId: 'reload-check', decisions });
    const before = await page.evaluate(async () => {
      const { cb } = globalThis as WithFixture;
      for (const event of ['like', 'like', 'like', 'dislike'])
        await cb.feedback('feed', 'movie-1', event);
      await cb.feedback('feed', 'movie-2', 'dislike');
      await cb.flush();
      return cb.posterior('feed', 'movie-1');
    });
    expect(before).toMatchObject({ arm: 'movie-1' });
    expect(before.alpha).toBeGreaterThan(before.beta);
    await page.reload();
    await page.waitForFunction(() => (globalThis as WithFixture).cbReady === true);
    const status = await start(page, { appId: 'reload-check', decisions });
    expect(status).toMatchObject({ mode: 'worker', storage: 'indexeddb' });
    const after = await page.evaluate(() =>
      (globalThis as WithFixture).cb.posterior('feed', 'movie-1'),
    );
    expect(after).toEqual(before);
    await context.close();
    context = null;
  });

  it('elects one leader among two tabs, only the leader sends, and the other takes over within 2 s', async () => {
    const edge = await startEdgeServer();
    context = await browser.newContext();
    const options = (tab: string) => syncedWith(edge, tab);
    const a = await open(context);
    await start(a, options('tab-a'));
    await waitFor(() => a.evaluate(() => (globalThis as WithFixture).cb.status().leader), 5000);
    const b = await open(context);
    await start(b, options('tab-b'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const leaders = await Promise.all(
      [a, b].map((page) => page.evaluate(() => (globalThis as WithFixture).cb.status().leader)),
    );
    expect(leaders).toEqual([true, false]);

    for (const [page, arm] of [
      [b, 'movie-1'],
      [a, 'movie-2'],
    ] as const) {
      await page.evaluate(async (id) => {
        const { cb } = globalThis as WithFixture;
        await cb.feedback('feed', id, 'like');
        await cb.flush();
      }, arm);
    }
    await waitFor(async () => {
      await a.evaluate(() => (globalThis as WithFixture).cb.flush());
      const totals = (await edge.totals()).feed?.[''] ?? {};
      return totals['movie-1'] !== undefined && totals['movie-2'] !== undefined;
    }, 10_000);
    const posts = (tab: string) => edge.log.filter((r) => r.tab === tab && r.method === 'POST');
    expect(posts('tab-a').length).toBeGreaterThan(0);
    expect(posts('tab-b')).toEqual([]);
    expect(edge.log.filter((r) => r.tab === 'tab-b')).toEqual([]);

    await a.close();
    const tookOver = await waitFor(
      () => b.evaluate(() => (globalThis as WithFixture).cb.status().leader),
      2000,
    );
    expect(tookOver).toBeLessThan(2000);
    await b.evaluate(async () => {
      const { cb } = globalThis as WithFixture;
      await cb.feedback('feed', 'movie-3', 'like');
      await cb.flush();
    });
    expect(posts('tab-b').length).toBeGreaterThan(0);
    await waitFor(async () => (await edge.totals()).feed?.['']?.['movie-3'] !== undefined, 10_000);
    expect((await edge.totals()).feed?.['']).toEqual({
      'movie-1': [1, 0],
      'movie-2': [1, 0],
      'movie-3': [1, 0],
    });
    await context.close();
    context = null;
    await edge.close();
  });

  it('delivers feedback made offline exactly once when the edge comes back', async () => {
    const edge = await startEdgeServer();
    context = await browser.newContext();
    const requested: string[] = [];
    context.on('request', (request) => requested.push(request.url()));
    const page = await open(context);
    await start(page, syncedWith(edge, 'tab', { retry: { baseMs: 100, maxMs: 400 } }));
    // With an endpoint the worker loads its sync code on its own.
    await waitFor(async () => requested.some((url) => url.includes('/connect-edge.')), 5000);
    await edge.setDown(true);
    const offline = await page.evaluate(async () => {
      const { cb } = globalThis as WithFixture;
      for (let i = 0; i < 5; i++) await cb.feedback('feed', 'movie-1', 'like');
      await cb.feedback('feed', 'movie-2', 'dislike');
      return cb.flush();
    });
    expect(offline).toMatchObject({ state: 'offline', pendingBatches: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await edge.setDown(false);
    await waitFor(
      () => page.evaluate(() => (globalThis as WithFixture).cb.status().pendingBatches === 0),
      10_000,
    );
    await waitFor(async () => (await edge.totals()).feed !== undefined, 10_000);
    // Retries while the edge was down and after it came back are counted once.
    expect(await edge.totals()).toEqual({ feed: { '': { 'movie-1': [5, 0], 'movie-2': [0, 1] } } });
    const errors = await page.evaluate(() =>
      (globalThis as WithFixture).cb.events().filter((e) => e.name === 'error'),
    );
    expect(errors.length).toBeGreaterThan(0);
    await context.close();
    context = null;
    await edge.close();
  });

  it('sends the last batch from the page with keepalive when the page is hidden', async () => {
    const edge = await startEdgeServer();
    context = await browser.newContext();
    const page = await open(context);
    // Requests made with the page's own fetch: the worker's sends do not go through it.
    await page.evaluate(() => {
      const pageFetch = globalThis.fetch;
      const sends: Array<{ url: string; keepalive: boolean }> = [];
      Object.assign(globalThis, { pageSends: sends });
      globalThis.fetch = (input, init) => {
        if (init?.method === 'POST')
          sends.push({ url: String(input), keepalive: init.keepalive === true });
        return pageFetch(input, init);
      };
    });
    await start(page, syncedWith(edge));
    await waitFor(() => page.evaluate(() => (globalThis as WithFixture).cb.status().leader), 5000);
    // The send loop uses the worker's own fetch.
    const sent = await page.evaluate(async () => {
      const { cb } = globalThis as WithFixture;
      await cb.feedback('feed', 'movie-3', 'dislike');
      return cb.flush();
    });
    expect(sent).toMatchObject({ pendingBatches: 0, lastAckedSeq: 1 });
    await page.evaluate(() => (globalThis as WithFixture).cb.feedback('feed', 'movie-4', 'like'));
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(
      () => page.evaluate(() => (globalThis as WithFixture).cb.status().lastAckedSeq === 2),
      10_000,
    );
    const sends = await page.evaluate(
      () => (globalThis as typeof globalThis & { pageSends: unknown[] }).pageSends,
    );
    expect(sends).toEqual([{ url: expect.stringMatching(/\/deltas$/), keepalive: true }]);
    // The shards' totals reach the aggregator a moment later.
    await waitFor(async () => (await edge.totals()).feed?.['']?.['movie-4'] !== undefined, 10_000);
    expect(await edge.totals()).toEqual({
      feed: { '': { 'movie-3': [0, 1], 'movie-4': [1, 0] } },
    });
    const flushed = await page.evaluate(() => (globalThis as WithFixture).cb.flush());
    expect(flushed).toMatchObject({ pendingBatches: 0, lastAckedSeq: 2 });
    // Two batches, and one request for the signed id the page's client sends them under.
    const posts = edge.log.filter((r) => r.method === 'POST');
    expect(posts.filter((r) => r.path.endsWith('/deltas'))).toHaveLength(2);
    expect(posts.filter((r) => r.path.endsWith('/clients'))).toHaveLength(1);
    await context.close();
    context = null;
    await edge.close();
  });

  it('blends community priors into a second browser context', async () => {
    const edge = await startEdgeServer();
    await edge.addCrowd('feed', 'movie-7', 80, 20);
    // Every shard has pushed once the published totals hold all hundred votes.
    await waitFor(async () => (await edge.totals()).feed?.['']?.['movie-7']?.[0] === 80, 10_000);
    await waitFor(async () => (await edge.totals()).feed?.['']?.['movie-7']?.[1] === 20, 10_000);
    const version = await edge.priorsVersion();
    context = await browser.newContext();
    const page = await open(context);
    await start(page, syncedWith(edge));
    await waitFor(
      () =>
        page.evaluate(
          (v) => ((globalThis as WithFixture).cb.status().priorsVersion ?? 0) >= v,
          version,
        ),
      10_000,
    );
    const posterior = await page.evaluate(() =>
      (globalThis as WithFixture).cb.posterior('feed', 'movie-7'),
    );
    expect(posterior.mean).toBeCloseTo(81 / 102, 6);
    // A hundred one-vote clients: too few with two events for an estimate, so the edge's
    // fallback κ of 100 sets the strength, and the explanation says so.
    expect(posterior.community).toMatchObject({
      strength: 100,
      evidence: 100,
      kappa: { value: 100, source: 'fallback' },
      capped: false,
    });
    await context.close();
    context = null;
    await edge.close();
  });
});
