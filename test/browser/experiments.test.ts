// Experiments end to end: the SDK in Chromium (module worker, IndexedDB) against the real
// edge in workerd. Assignment on the device, exposures counted once at the edge, and a
// coverage raise that moves nobody.
import { bucketRanges, chooseVariation, hashToUnit } from '@crowdbandit/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, serveFixtures } from './chromium.ts';
import { startEdgeServer } from './edge-server.ts';
import type { FixtureAssignment, WithFixture } from './fixture-api.ts';

type EdgeServer = Awaited<ReturnType<typeof startEdgeServer>>;

let browser: Browser;
let vite: { url: string; server: ViteDevServer };
let edge: EdgeServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  vite = await serveFixtures();
  edge = await startEdgeServer();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await vite?.server.close();
  await edge?.close();
});

/** An admin request to the edge; throws unless it answers 2xx. */
async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${edge.endpoint('admin')}/v1/apps/${edge.app.id}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${edge.app.adminToken}`,
      'content-type': 'application/json',
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

interface Results {
  readonly phase: number;
  readonly variations: ReadonlyArray<{ readonly index: number; readonly exposed: number }>;
  readonly metrics: ReadonlyArray<{
    readonly metric: string;
    readonly variations: ReadonlyArray<{ readonly converted: number }>;
  }>;
}

const results = (key: string) => admin('GET', `/experiments/${key}/results`) as Promise<Results>;
const exposed = (r: Results) => r.variations.map((v) => v.exposed);

async function waitFor(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Opens the fixture page in `context` and starts a client there, synced with the edge. */
async function startClient(page: Page, tab: string, userId: string): Promise<void> {
  await page.goto(vite.url);
  await page.waitForFunction(() => (globalThis as WithFixture).cbReady === true);
  await page.evaluate((o) => (globalThis as WithFixture).cb.start(o), {
    appId: edge.app.id,
    endpoint: edge.endpoint(tab),
    publishableKey: edge.app.key,
    decisions: { feed: { kind: 'rank', k: 10 } },
    webSocket: false,
    flushIntervalMs: 600_000,
    userId,
  });
}

/** The page's assignment once its client knows the experiment. */
async function assigned(
  page: Page,
  key: string,
  known = (a: FixtureAssignment) => a.reason !== 'unknown',
) {
  let last: FixtureAssignment | null = null;
  await waitFor(async () => {
    last = await page.evaluate((k) => (globalThis as WithFixture).cb.assign(k), key);
    return known(last);
  });
  return last!;
}

/**
 * Waits until the edge reports exactly `expected` users exposed per variation, then checks
 * it still does after the shards' next pushes (a second count would show up by then).
 */
async function exposedExactly(key: string, expected: readonly number[]): Promise<void> {
  await waitFor(async () => exposed(await results(key)).join() === expected.join());
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(exposed(await results(key))).toEqual(expected);
}

const flush = (page: Page) => page.evaluate(() => (globalThis as WithFixture).cb.flush());

/** Variation of `userId` at `coverage` under `seed`, as GrowthBook (and the SDK) assign it. */
function variationOf(seed: string, userId: string, coverage: number): number {
  return chooseVariation(hashToUnit(seed, userId, 2)!, bucketRanges(2, coverage));
}

describe('experiments in Chromium against the real edge', () => {
  it('assigns stably across reloads, counts each exposure once at the edge, and a coverage raise moves nobody', async () => {
    await admin('POST', '/experiments', {
      key: 'browser-ids',
      variations: [{ key: 'control' }, { key: 'treatment' }],
      metrics: ['purchase'],
    });
    await admin('POST', '/experiments', {
      key: 'browser-users',
      variations: [{ key: 'control' }, { key: 'treatment' }],
      hashAttribute: 'userId',
      coverage: 0.5,
    });
    await admin('POST', '/experiments/browser-ids/start');
    await admin('POST', '/experiments/browser-users/start');
    const snapshot = (await (
      await fetch(`${edge.endpoint('admin')}/v1/apps/${edge.app.id}/experiments`, {
        headers: { 'x-crowdbandit-key': edge.app.key },
      })
    ).json()) as { experiments: Record<string, { seed: string }> };
    const seed = snapshot.experiments['browser-users']!.seed;
    // Users chosen so that at 50% one is in each variation and one is outside.
    const pick = (wanted: number) => {
      for (let i = 0; ; i++) if (variationOf(seed, `user-${i}`, 0.5) === wanted) return `user-${i}`;
    };
    const users = [pick(0), pick(1), pick(-1)];

    const pages: Page[] = [];
    const first: Array<[FixtureAssignment, FixtureAssignment]> = [];
    for (const [i, userId] of users.entries()) {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => console.error('page error:', error));
      pages.push(page);
      await startClient(page, `tab-${i}`, userId);
      const byId = await assigned(page, 'browser-ids');
      const byUser = await assigned(page, 'browser-users');
      expect(await page.evaluate(() => (globalThis as WithFixture).cb.track('purchase'))).toEqual([
        'browser-ids',
      ]);
      await flush(page);
      first.push([byId, byUser]);
    }
    // Three browser contexts: three client ids, each in the clientId experiment.
    expect(new Set(first.map(([byId]) => byId.hashValue)).size).toBe(3);
    expect(first.every(([byId]) => byId.inExperiment)).toBe(true);
    expect(first.map(([, byUser]) => [byUser.variation, byUser.inExperiment])).toEqual([
      [0, true],
      [1, true],
      [0, false],
    ]);

    // Reloads: the same variations, and nothing counted again.
    for (const [i, page] of pages.entries()) {
      await startClient(page, `tab-${i}`, users[i]!);
      expect(await assigned(page, 'browser-ids')).toEqual(first[i]![0]);
      expect(await assigned(page, 'browser-users')).toEqual(first[i]![1]);
      await flush(page);
    }
    const byIdVariations = [0, 1].map((v) => first.filter(([a]) => a.variation === v).length);
    await exposedExactly('browser-ids', byIdVariations);
    await exposedExactly('browser-users', [1, 1]);
    const purchases = (await results('browser-ids')).metrics.find((m) => m.metric === 'purchase');
    expect(purchases?.variations.map((v) => v.converted)).toEqual(byIdVariations);

    // Coverage 50% -> 100%: the user outside joins, the two inside stay where they were.
    await admin('PATCH', '/experiments/browser-users', { coverage: 1 });
    const raised = users.map((u) => variationOf(seed, u, 1));
    for (const [i, page] of pages.entries()) {
      await startClient(page, `tab-${i}`, users[i]!);
      const now = await assigned(page, 'browser-users', (a) => a.inExperiment);
      expect(now.variation).toBe(raised[i]);
      if (first[i]![1].inExperiment) expect(now.variation).toBe(first[i]![1].variation);
      await flush(page);
    }
    const expected = [0, 1].map((v) => raised.filter((r) => r === v).length);
    await exposedExactly('browser-users', expected);
    expect((await results('browser-users')).phase).toBe(1);
  }, 120_000);
});
