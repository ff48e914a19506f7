import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../packages/sdk/bench/chromium.ts';
import { type Stack, startStack } from '../../scripts/stack.ts';
import { DEMO, experimentsApi, expose, postEvents } from './dashboard-edge.ts';
import { type Demo, until, visit } from './demo-page.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-results/e2e');
const SESSION_KEY = 'crowdbandit.dashboard.session';
let stack: Stack;
let browser: Browser;
let state: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  state = mkdtempSync(join(tmpdir(), 'crowdbandit-dashboard-'));
  stack = await startStack({ edgePort: 0, demoPort: 0, dashboardPort: 0, persist: state });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(state, { recursive: true, force: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `dashboard-${name}.png`), fullPage: true });

/** A fresh tab on the dashboard, recording every request it makes. */
async function open(
  path = '',
): Promise<{ context: BrowserContext; page: Page; requests: { url: string; auth?: string }[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: { url: string; auth?: string }[] = [];
  page.on('request', (r) => {
    const auth = r.headers().authorization;
    requests.push(auth === undefined ? { url: r.url() } : { url: r.url(), auth });
  });
  await page.goto(`${stack.dashboardUrl}${path}`);
  return { context, page, requests };
}

async function signIn(page: Page, token = stack.adminToken): Promise<void> {
  await page.fill('input[name=edgeUrl]', stack.edgeUrl);
  await page.fill('input[name=app]', DEMO.app);
  await page.fill('input[name=token]', token);
  await page.fill('input[name=publishableKey]', DEMO.key);
  await page.click('form[data-testid=sign-in] button[type=submit]');
}

const stored = (page: Page) => page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY);
const text = async (page: Page, testId: string) =>
  ((await page.locator(`[data-testid=${testId}]`).first().textContent()) ?? '').trim();

describe('the ops dashboard in Chromium against the local stack', () => {
  it('opens when the browser reports a language Intl refuses', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // What headless Chromium reports under LANG=C.UTF-8; uPlot formatted with it and threw.
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'language', {
        get: () => 'en-US@posix',
        configurable: true,
      }),
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(stack.dashboardUrl);
    await page.locator('input[name=edgeUrl]').waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await context.close();
  });

  it('refuses an invalid token with a message, and stores nothing', async () => {
    const { context, page } = await open();
    await shot(page, '1-sign-in');
    await signIn(page, 'not-the-admin-token');
    const error = page.locator('[data-testid=sign-in-error]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/refused this admin token/);
    expect(await stored(page)).toBeNull();
    expect(page.url()).not.toContain('not-the-admin-token');
    await shot(page, '2-sign-in-refused');
    await context.close();
  });

  it('signs in, shows the overview, keeps the token out of URLs, and signs out', async () => {
    const { context, page, requests } = await open();
    await signIn(page);
    await page.locator('[data-testid=overview]').waitFor();
    await until(
      async () => /^\d+$/.test(await text(page, 'priors-version')),
      10_000,
      'priors version shown',
    );
    // /health sends no CORS headers on this edge yet: "unknown", never "down", while it answers.
    await until(
      async () => /edge (up|unknown)/.test(await text(page, 'health')),
      10_000,
      'health known',
    );
    await until(async () => (await text(page, 'live')) === 'live', 10_000, 'WebSocket open');
    expect(JSON.parse((await stored(page))!)).toMatchObject({ token: stack.adminToken });
    await page.waitForTimeout(500);
    await shot(page, '3-overview-empty');

    const toEdge = requests.filter((r) => r.url.startsWith(stack.edgeUrl));
    expect(
      toEdge.some((r) => r.url.endsWith('/stats') && r.auth === `Bearer ${stack.adminToken}`),
    ).toBe(true);
    for (const r of requests) expect(r.url).not.toContain(stack.adminToken);

    await page.click('[data-testid=sign-out]');
    await page.locator('form[data-testid=sign-in]').waitFor();
    expect(await text(page, 'sign-in-notice')).toContain('Signed out');
    expect(await stored(page)).toBeNull();
    await page.reload();
    await page.locator('form[data-testid=sign-in]').waitFor();
    await context.close();
  });

  it('takes a refused token (401) back to sign-in with a message', async () => {
    const { context, page } = await open();
    await signIn(page);
    await page.locator('[data-testid=overview]').waitFor();
    // The token is rotated under the tab's feet.
    await page.evaluate((key) => {
      const session = JSON.parse(sessionStorage.getItem(key)!);
      sessionStorage.setItem(key, JSON.stringify({ ...session, token: 'rotated-away' }));
    }, SESSION_KEY);
    await page.reload();
    const error = page.locator('[data-testid=sign-in-error]');
    await error.waitFor({ timeout: 10_000 });
    expect(await error.textContent()).toMatch(/refused the admin token \(401\).*Sign in again/);
    expect(await stored(page)).toBeNull();
    await context.close();
  });

  it('ignores a token in the address and removes it', async () => {
    const { context, page } = await open('?token=leaked-token');
    await page.locator('form[data-testid=sign-in]').waitFor();
    expect(page.url()).not.toContain('leaked-token');
    expect(await text(page, 'sign-in-notice')).toMatch(/token in the address is ignored/);
    expect(await page.inputValue('input[name=token]')).toBe('');
    await context.close();
  });

  it('shows likes sent through the admin events route on the decision page, live', async () => {
    const { context, page } = await open('#/decision/strategy');
    await signIn(page);
    const history = await fetch(`${stack.edgeUrl}/v1/apps/demo/history?decision=strategy`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    await history.body?.cancel();
    // Four rounds, each in its own push period (5 s), so the charts have moments to compare.
    const arms = ['popular', 'hidden-gems', 'your-genres', 'serendipity'];
    const rates = [0.8, 0.3, 0.55, 0.2];
    for (let round = 0; round < 4; round++) {
      // Feedback at each arm's rate, and impressions mostly of `popular` (past the 70% alert).
      const events = arms.flatMap((arm, a) => [
        ...Array.from({ length: 10 }, (_, i) => ({
          id: `strategy-${round}-${arm}-${i}`,
          decision: 'strategy',
          arm,
          event: i < rates[a]! * 10 ? 'like' : 'dislike',
        })),
        ...Array.from({ length: a === 0 ? 16 : 2 }, (_, i) => ({
          id: `strategy-${round}-${arm}-seen-${i}`,
          decision: 'strategy',
          arm,
          event: 'impression',
        })),
      ]);
      await postEvents(stack.edgeUrl, stack.adminToken, events);
      await until(
        async () =>
          (await page
            .locator('[data-testid=leaderboard] tr[data-arm=popular] td.num')
            .nth(3)
            .textContent()) === String(8 * (round + 1)),
        15_000,
        `round ${round + 1} on the page`,
      );
    }
    const first = await page
      .locator('[data-testid=leaderboard] tbody tr')
      .first()
      .getAttribute('data-arm');
    expect(first).toBe('popular');
    if (history.status === 404) {
      await page.locator('[data-testid=history-unavailable]').waitFor();
    } else {
      await page.locator('[data-testid=history-source]').waitFor();
    }
    await page.locator('[data-testid=chart-pbest] canvas').waitFor();
    await page.locator('[data-testid=chart-share] canvas').waitFor();
    // One server sender is one client: too few to estimate κ, and the page says so.
    expect(await text(page, 'no-kappa')).toMatch(/not estimated yet/);
    expect(await page.textContent('[data-testid=decision] .page-head')).toMatch(
      /popular takes \d+% of selections/,
    );
    // Live updates hand new data to the same uPlot charts: the canvas element survives.
    const marked = await page.evaluate(() => {
      const canvas = document.querySelector(
        '[data-testid=chart-mean] canvas',
      ) as HTMLCanvasElement & { mark?: boolean };
      canvas.mark = true;
      return true;
    });
    expect(marked).toBe(true);
    await postEvents(stack.edgeUrl, stack.adminToken, [
      { id: 'strategy-extra', decision: 'strategy', arm: 'popular', event: 'like' },
    ]);
    await until(
      async () =>
        (await page
          .locator('[data-testid=leaderboard] tr[data-arm=popular] td.num')
          .nth(3)
          .textContent()) === '33',
      15_000,
      'one more like',
    );
    expect(
      await page.evaluate(
        () =>
          (
            document.querySelector('[data-testid=chart-mean] canvas') as HTMLCanvasElement & {
              mark?: boolean;
            }
          ).mark,
      ),
    ).toBe(true);
    await page.click('[data-testid=leaderboard] tr[data-arm=hidden-gems] button.link');
    expect(await text(page, 'density')).toContain('hidden-gems');
    await page.waitForTimeout(300);
    await shot(page, '4-decision');
    await context.close();
  }, 120_000);

  it("shows a like in the demo in the decision's history within one push period", async () => {
    const demoContext = await browser.newContext();
    const demo = await visit(demoContext, `${stack.demoUrl}?seed=3`);
    const film = await demo.evaluate(() => (globalThis as Demo).crowdbanditDemo.films[7]!.id);
    // The film enters the stats first (a server-side like), so the page can select it.
    await postEvents(stack.edgeUrl, stack.adminToken, [
      { id: `history-${film}`, decision: 'home-feed', arm: film, event: 'like' },
    ]);
    const { context, page } = await open('#/decision/home-feed');
    await signIn(page);
    await page.locator('[data-testid=search]').waitFor({ timeout: 20_000 });
    await page.fill('[data-testid=search]', film);
    await page.click(`[data-testid=leaderboard] tr[data-arm="${film}"] button.link`);
    await until(
      async () => /\b1 successes/.test(await text(page, 'arm-history')),
      15_000,
      'first like',
    );

    await demo.evaluate((id) => (globalThis as Demo).crowdbanditDemo.app.react(id, 'like'), film);
    await until(
      async () =>
        (await demo.evaluate(() => (globalThis as Demo).crowdbanditDemo.client.flush()))
          .pendingBatches === 0,
      20_000,
      'like sent',
    );
    const acked = Date.now();
    await until(
      async () => /\b2 successes/.test(await text(page, 'arm-history')),
      15_000,
      'like in the history',
    );
    const seen = Date.now() - acked;
    // The shard pushes 5 s (the demo app's pushPeriodMs) after the change; the announcement
    // and the page's reads add a little.
    expect(seen, `the like reached the page's history ${seen} ms after its ack`).toBeLessThan(
      7_500,
    );
    const source = await text(page, 'history-source').catch(() => '');
    if (source !== '')
      expect(await text(page, 'arm-history')).toContain("the edge's minute buckets");
    await shot(page, '4b-decision-history');
    await context.close();
    await demoContext.close();
  }, 120_000);

  it('keeps a thousand arm keys responsive: top 20, search, and a windowed "show all"', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      id: `many-${i}`,
      decision: 'many',
      arm: `arm-${String(i).padStart(4, '0')}`,
      event: i % 3 === 0 ? 'like' : 'dislike',
    }));
    await postEvents(stack.edgeUrl, stack.adminToken, events);
    const { context, page } = await open('#/decision/many');
    await signIn(page);
    await until(
      async () => (await text(page, 'arm-count')).startsWith('1,000 arm keys'),
      20_000,
      'a thousand arm keys',
    );
    expect(await page.locator('[data-testid=leaderboard] tbody tr[data-arm]').count()).toBe(20);

    const started = Date.now();
    await page.fill('[data-testid=search]', 'arm-0999');
    await until(
      async () => (await text(page, 'arm-count')).startsWith('1 of 1,000'),
      5_000,
      'search',
    );
    const searchMs = Date.now() - started;
    expect(searchMs).toBeLessThan(1000);
    await page.fill('[data-testid=search]', '');

    await page.click('[data-testid=show-all]');
    const rows = await page.locator('[data-testid=leaderboard] tbody tr[data-arm]').count();
    expect(rows).toBeLessThan(50);
    await page.locator('[data-testid=scroller]').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await until(
      async () =>
        (await page
          .locator('[data-testid=leaderboard] tbody tr[data-arm]')
          .last()
          .locator('td.rank')
          .textContent()) === '1000',
      5_000,
      'the last arm scrolled into view',
    );
    await shot(page, '5-many-arms');
    await context.close();
  }, 120_000);

  it('shows an experiment with its SRM warning, follows new exposures, and changes coverage and ships a winner after confirmation', async () => {
    await experimentsApi(stack.edgeUrl, stack.adminToken, '', {
      key: 'cta-colour',
      name: 'Call to action colour',
      metrics: ['buy'],
      variations: [{ key: 'blue' }, { key: 'green' }],
      coverage: 0.5,
    });
    await experimentsApi(stack.edgeUrl, stack.adminToken, '/cta-colour/start');
    // A 50/50 split that arrives as 60/20: a sample ratio mismatch.
    await expose(stack.edgeUrl, 'cta-colour', 0, 60, 12, 'buy', 'srm');
    await expose(stack.edgeUrl, 'cta-colour', 1, 20, 8, 'buy', 'srm');

    const { context, page } = await open('#/experiments');
    await signIn(page);
    await page.locator('[data-testid=experiments] a', { hasText: 'Call to action colour' }).click();
    await until(
      async () => /Sample ratio mismatch/.test(await text(page, 'srm')),
      20_000,
      'SRM warning',
    );
    expect(await text(page, 'exposures')).toMatch(/60[\s\S]*20/);
    // More users arrive while the page is open, in the next minute (the edge keeps one moment
    // of history per minute): the results follow, with a second moment for the confidence
    // sequence.
    await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
    await expose(stack.edgeUrl, 'cta-colour', 0, 30, 6, 'buy', 'more');
    await expose(stack.edgeUrl, 'cta-colour', 1, 10, 5, 'buy', 'more');
    await until(
      async () => /90[\s\S]*30/.test(await text(page, 'exposures')),
      20_000,
      'second round',
    );
    await page.locator('[data-testid=chart-sequence] canvas').waitFor({ timeout: 20_000 });
    await shot(page, '6-experiment-srm');

    await page.fill('[data-testid=coverage]', '80');
    await page.click('[data-testid=apply-coverage]');
    expect(await text(page, 'confirm')).toMatch(/coverage of cta-colour to 80%/);
    await page.click('[data-testid=confirm-yes]');
    await until(
      async () => /Done/.test(await text(page, 'action-notice')),
      10_000,
      'coverage changed',
    );
    expect(await page.textContent('[data-testid=experiment] .page-head')).toContain('coverage 80%');

    await page.selectOption('[data-testid=winner]', 'green');
    await page.click('[data-testid=ship]');
    await page.locator('[data-testid=confirm]').waitFor();
    await shot(page, '7-ship-confirm');
    await page.click('[data-testid=confirm-yes]');
    await until(async () => (await text(page, 'status')) === 'stopped', 10_000, 'stopped');
    expect(await page.textContent('[data-testid=experiment] .page-head')).toMatch(
      /everyone gets\s+green/,
    );
    await context.close();
  }, 180_000);

  it('shows events per minute and open alerts on the overview, and the edge down only while it does not answer', async () => {
    const { context, page } = await open();
    await signIn(page);
    await page.locator('[data-testid=overview]').waitFor();
    await postEvents(
      stack.edgeUrl,
      stack.adminToken,
      Array.from({ length: 60 }, (_, i) => ({
        id: `rate-${i}`,
        decision: 'strategy',
        arm: i % 2 === 0 ? 'popular' : 'serendipity',
        event: i % 3 === 0 ? 'like' : 'dislike',
      })),
    );
    await until(
      async () => /^[1-9][\d.]* feedback\/min/.test(await text(page, 'events-per-minute')),
      30_000,
      'a rate above zero',
    );
    await page.locator('[data-testid=chart-rate] canvas').waitFor();
    expect(await text(page, 'alerts')).toMatch(/dominant-arm[\s\S]*popular[\s\S]*open/);
    await shot(page, '8-overview');
    await stack.stopEdge();
    try {
      await until(async () => (await text(page, 'health')) === 'edge down', 20_000, 'down');
      await shot(page, '9-edge-down');
    } finally {
      await stack.startEdge();
    }
    await until(async () => (await text(page, 'health')) !== 'edge down', 30_000, 'back');
    await context.close();
  }, 90_000);
});
