import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../packages/sdk/bench/chromium.ts';
import { type Stack, startStack } from '../../scripts/stack.ts';
import {
  type Demo,
  feedbackButton,
  feedIds,
  likeablePair,
  meanPosition,
  status,
  until,
  visit,
} from './demo-page.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-results/e2e');
let stack: Stack;
let browser: Browser;
let state: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  state = mkdtempSync(join(tmpdir(), 'crowdbandit-demo-'));
  // The stack of `npm start`, on free ports with fresh state.
  stack = await startStack({ edgePort: 0, demoPort: 0, dashboardPort: 0, persist: state });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  rmSync(state, { recursive: true, force: true });
});

/** The edge's admin stats for one film in the home feed. */
async function edgeCounts(
  filmId: string,
): Promise<{ s: number; f: number; n: number } | undefined> {
  const res = await fetch(`${stack.edgeUrl}/v1/apps/demo/stats`, {
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  const body = (await res.json()) as {
    decisions: { decision: string; arms: { arm: string; s: number; f: number; n: number }[] }[];
  };
  const arm = body.decisions
    .find((d) => d.decision === 'home-feed')
    ?.arms.find((a) => a.arm === filmId);
  return arm && { s: arm.s, f: arm.f, n: arm.n };
}

interface Published {
  readonly version: number;
  readonly decisions: Record<string, Record<string, Record<string, [number, number]>>>;
}

/** The community priors the edge publishes now. */
async function published(): Promise<Published> {
  const res = await fetch(`${stack.edgeUrl}/v1/apps/demo/priors`, {
    headers: { 'x-crowdbandit-key': 'pk_demo_local' },
  });
  return (await res.json()) as Published;
}

async function crowdHas(filmId: string, likes: number): Promise<boolean> {
  const { decisions } = await published();
  return (decisions['home-feed']?.['']?.[filmId]?.[0] ?? 0) >= likes;
}

// The films in the published totals, once they stop changing: the demo app's shards push
// 5 s after a change, so 6 s without a new version means every batch sent so far is in.
async function settledCrowd(): Promise<Set<string>> {
  let snapshot = await published();
  let since = Date.now();
  while (Date.now() - since < 6_000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await published();
    if (next.version !== snapshot.version) since = Date.now();
    snapshot = next;
  }
  return new Set(Object.keys(snapshot.decisions['home-feed']?.[''] ?? {}));
}

describe('the demo in Chromium against the local stack', () => {
  it('moves similar films up after a like, and removes a disliked film and sinks similar ones', async () => {
    const context = await browser.newContext();
    const page = await visit(context, `${stack.demoUrl}?seed=5`);
    await page.screenshot({ path: join(ARTIFACTS, '1-feed-before.png'), fullPage: true });
    const [liked, probe] = await likeablePair(page, await feedIds(page));
    // Icons are drawn, not typed: no emoji that a browser without an emoji font shows as a
    // box, and each button holds a laid-out SVG shape (getBBox exists only on real SVG).
    expect(await page.locator('body').innerText()).not.toMatch(/\p{Extended_Pictographic}/u);
    for (const action of ['More like this', 'Less of this'] as const) {
      const icon = (await feedbackButton(page, liked, action)).locator('svg');
      expect((await icon.boundingBox())?.height).toBeGreaterThan(10);
      const width = await icon
        .locator('path')
        .evaluate((path) => (path as SVGPathElement).getBBox().width);
      expect(width, `${action}: the thumb spans most of its 24-unit box`).toBeGreaterThan(15);
    }
    const before = await meanPosition(page, probe);
    await (await feedbackButton(page, liked, 'More like this')).click();
    await until(
      async () =>
        (await page.textContent('[data-testid=announcement]'))?.startsWith('Liked') ?? false,
      10_000,
      'like announced',
    );
    const after = await meanPosition(page, probe);
    expect(after, `${probe} shares 3 features with the liked ${liked}`).toBeLessThan(before);
    await page.screenshot({ path: join(ARTIFACTS, '2-feed-after-like.png'), fullPage: true });

    const shown = (await feedIds(page)).filter((id) => id !== liked && id !== probe);
    const [disliked, victim] = await likeablePair(page, shown.slice(2));
    const victimBefore = await meanPosition(page, victim);
    await (await feedbackButton(page, disliked, 'Less of this')).click();
    await until(
      async () => !(await feedIds(page)).includes(disliked),
      10_000,
      'disliked film removed',
    );
    expect(await meanPosition(page, disliked, 3)).toBe(
      await page.evaluate(() => (globalThis as Demo).crowdbanditDemo.films.length),
    );
    expect(await meanPosition(page, victim)).toBeGreaterThan(victimBefore);

    await page.click('[data-testid=feed] .card:first-child button.why-toggle');
    const why = page.locator('[data-testid=feed] .card:first-child [data-testid=why]');
    await expect.poll(() => why.isVisible()).toBe(true);
    expect(await why.locator('[data-testid=boost]').textContent()).toMatch(/\+0\.\d+ from/);
    // The demo asks for explanations, so each comes with its 95% interval.
    expect(await why.textContent()).toMatch(/95% interval \d+%–\d+%/);
    await page
      .locator('[data-testid=feed] .card:first-child')
      .screenshot({ path: join(ARTIFACTS, '3-why-this.png') });
    await context.close();
  }, 180_000);

  it('sends feedback to the edge, where the admin stats count it once', async () => {
    const context = await browser.newContext();
    const page = await visit(context, `${stack.demoUrl}?seed=6`);
    const [film] = await feedIds(page);
    // An earlier test's visitor may have liked the same film: count from what the edge holds
    // once every earlier batch is in its totals (the stats follow the shards' pushes).
    await settledCrowd();
    const base = (await edgeCounts(film!))?.s ?? 0;
    await (await feedbackButton(page, film!, 'More like this')).click();
    await until(
      async () =>
        (await status(page)).lastAckedSeq > 0 && (await status(page)).pendingBatches === 0,
      20_000,
      'batch acknowledged',
    );
    await until(
      async () => (await edgeCounts(film!))?.s === base + 1,
      20_000,
      'like in the admin stats',
    );
    // Sending again (and the SDK's own retries) must not count it twice.
    await page.click('button:has-text("Sync now")');
    await page.evaluate(() => (globalThis as Demo).crowdbanditDemo.client.flush());
    await new Promise((r) => setTimeout(r, 6000));
    expect((await edgeCounts(film!))?.s).toBe(base + 1);
    await context.close();
  }, 120_000);

  it("gives a newcomer the crowd's taste: a film many liked ranks higher than for a visitor before", async () => {
    const first = await browser.newContext();
    const early = await visit(first, `${stack.demoUrl}?seed=9`);
    const films = await early.evaluate(() =>
      (globalThis as Demo).crowdbanditDemo.films.map((f) => f.id),
    );
    const favourite = films[Math.floor(films.length / 2)]!;
    const before = await meanPosition(early, favourite, 15);
    await first.close();

    for (let visitor = 0; visitor < 5; visitor++) {
      const context = await browser.newContext();
      const page = await visit(context, stack.demoUrl);
      await page.evaluate(
        (id) => (globalThis as Demo).crowdbanditDemo.app.react(id, 'like'),
        favourite,
      );
      await until(
        async () =>
          (await page.evaluate(() => (globalThis as Demo).crowdbanditDemo.client.flush()))
            .pendingBatches === 0,
        20_000,
        'likes sent',
      );
      await context.close();
    }
    await until(() => crowdHas(favourite, 5), 30_000, 'five likes in the community priors');

    const second = await browser.newContext();
    const newcomer = await visit(second, `${stack.demoUrl}?seed=9`);
    await until(
      async () => (await status(newcomer)).priorsVersion !== null,
      20_000,
      'priors received',
    );
    const posterior = await newcomer.evaluate(
      (id) => (globalThis as Demo).crowdbanditDemo.client.posterior('home-feed', id),
      favourite,
    );
    expect(posterior.prior).toBe('community');
    // "Why this?" tells how much the crowd counts and where its κ came from: a handful of
    // visitors is too few to measure agreement, so the edge's fallback sets it.
    expect(posterior.community).toMatchObject({ kappa: { source: 'fallback', value: 100 } });
    const after = await meanPosition(newcomer, favourite, 15);
    expect(
      after,
      `mean position of ${favourite}: ${before} before the likes, ${after} for the newcomer`,
    ).toBeLessThan(before);
    await newcomer.screenshot({
      path: join(ARTIFACTS, '4-newcomer-with-priors.png'),
      fullPage: false,
    });
    await second.close();
  }, 240_000);

  it('keeps personal state across a reload, and forgets session boosts after 30 idle minutes', async () => {
    // A film nobody else has rated or seen, so its prior stays the catalog-level one (see
    // `learned`): taken from the published totals once earlier visitors' batches are all in.
    const crowd = await settledCrowd();
    const context = await browser.newContext();
    const url = `${stack.demoUrl}?seed=4&clock=manual`;
    const page = await visit(context, url);
    const untouched = (await feedIds(page)).filter((id) => !crowd.has(id));
    const [liked, probe] = await likeablePair(page, untouched);
    await (await feedbackButton(page, liked, 'More like this')).click();
    await until(
      async () =>
        (await page.textContent('[data-testid=announcement]'))?.startsWith('Liked') ?? false,
      10_000,
      'like announced',
    );
    // Let the like reach the crowd and come back as priors, so the comparison below sees
    // the same community snapshot before and after the reload.
    await until(
      async () =>
        (await page.evaluate(() => (globalThis as Demo).crowdbanditDemo.client.flush()))
          .pendingBatches === 0,
      20_000,
      'like sent',
    );
    await until(() => crowdHas(liked, 1), 20_000, 'like in the community priors');
    await until(
      async () => (await status(page)).priorsVersion === (await published()).version,
      90_000,
      'priors caught up',
    );
    const boostOf = (id: string) =>
      page.evaluate(async (film) => {
        const { client, films } = (globalThis as Demo).crowdbanditDemo;
        const ranked = await client.rank('home-feed', 'films', { k: films.length });
        return ranked.find((r) => r.id === film)!.explanation.boost;
      }, id);
    // What this visitor learned: the liked film's posterior over that of a film nobody has
    // seen, which has the same (catalog-level) prior. A reload may show new films, whose
    // impressions re-fit that prior, but must not change what was learned.
    const learned = () =>
      page.evaluate(async (id) => {
        const { client } = (globalThis as Demo).crowdbanditDemo;
        const [film, unseen] = await Promise.all([
          client.posterior('home-feed', id),
          client.posterior('home-feed', 'never-shown'),
        ]);
        return { prior: film.prior, s: film.alpha - unseen.alpha, f: film.beta - unseen.beta };
      }, liked);
    const before = await learned();
    expect(before.s).toBeCloseTo(1, 9);
    expect(await boostOf(probe)).toBeGreaterThan(0);

    const version = (await status(page)).priorsVersion;
    await page.waitForTimeout(500); // write-behind
    await page.reload();
    await page.waitForSelector('body[data-ready=true]');
    await until(
      async () => (await status(page)).priorsVersion === version,
      10_000,
      'stored priors loaded',
    );
    const after = await learned();
    expect(after.prior).toBe(before.prior);
    expect(after.s).toBeCloseTo(before.s, 9);
    expect(after.f).toBeCloseTo(before.f, 9);
    expect(await boostOf(probe)).toBeGreaterThan(0);

    await page.evaluate(() => (globalThis as Demo).crowdbanditDemo.advanceClock(31 * 60_000));
    expect(await boostOf(probe)).toBe(0);
    // The long-term evidence stays.
    expect((await learned()).s).toBeCloseTo(1, 9);
    await context.close();
  }, 120_000);

  it('keeps learning with the edge down and delivers the queued likes once when it is back', async () => {
    const context = await browser.newContext();
    const page = await visit(context, `${stack.demoUrl}?seed=8`);
    const [liked, probe] = await likeablePair(page, await feedIds(page));
    // An earlier test's visitor may have liked the same film: count from what the edge holds
    // once every earlier batch is in its totals (the stats follow the shards' pushes).
    await settledCrowd();
    const base = (await edgeCounts(liked))?.s ?? 0;
    await stack.stopEdge();
    try {
      const before = await meanPosition(page, probe);
      await (await feedbackButton(page, liked, 'More like this')).click();
      await until(
        async () =>
          (await page.textContent('[data-testid=announcement]'))?.startsWith('Liked') ?? false,
        10_000,
        'like announced',
      );
      expect(await meanPosition(page, probe)).toBeLessThan(before);
      await page.click('button:has-text("Sync now")');
      await until(
        async () => (await status(page)).pendingBatches > 0 && !(await status(page)).online,
        20_000,
        'queued offline',
      );
      await page.screenshot({ path: join(ARTIFACTS, '5-offline.png'), fullPage: false });
      await stack.startEdge();
      await until(
        async () => {
          await page.click('button:has-text("Sync now")');
          return (await status(page)).pendingBatches === 0;
        },
        30_000,
        'queue delivered',
      );
      await until(
        async () => (await edgeCounts(liked))?.s === base + 1,
        20_000,
        'like in the admin stats',
      );
      await page.click('button:has-text("Sync now")');
      await new Promise((r) => setTimeout(r, 6000));
      expect((await edgeCounts(liked))?.s).toBe(base + 1);
    } finally {
      await stack.startEdge();
      await context.close();
    }
  }, 180_000);
});
