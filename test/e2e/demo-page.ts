// Driving the demo page: what its console API (window.crowdbanditDemo) offers to tests.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

interface DemoWindow {
  crowdbanditDemo: {
    films: { id: string; title: string; features: string[] }[];
    client: {
      status(): {
        pendingBatches: number;
        lastAckedSeq: number;
        priorsVersion: number | null;
        online: boolean;
      };
      flush(): Promise<{ pendingBatches: number; state: string }>;
      posterior(
        decision: string,
        arm: string,
      ): Promise<{
        alpha: number;
        beta: number;
        mean: number;
        prior: string;
        community: { kappa: { value: number; source: string } } | null;
      }>;
      rank(
        decision: string,
        catalog: string,
        options: { k: number },
      ): Promise<{ id: string; explanation: { boost: number } }[]>;
    };
    app: { react(id: string, kind: 'like' | 'dislike'): Promise<void>; refresh(): Promise<void> };
    meanPosition(id: string, runs?: number): Promise<number>;
    advanceClock(ms: number): void;
  };
}

export type Demo = typeof globalThis & DemoWindow;

export async function visit(browser: Browser | BrowserContext, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on('pageerror', (error) => console.error('demo page error:', error.message));
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
  return page;
}

/** Ids of the feed's cards, top first. */
export function feedIds(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid=feed] .card', (cards) =>
    cards.map((c) => (c as HTMLElement).dataset.filmId!),
  );
}

/** A film sharing at least `shared` features with `id`, other than the excluded ones. */
export function similarTo(
  page: Page,
  id: string,
  shared: number,
  exclude: readonly string[] = [],
): Promise<string> {
  return page.evaluate(
    ([likedId, minimum, skip]) => {
      const { films } = (globalThis as Demo).crowdbanditDemo;
      const liked = films.find((f) => f.id === likedId)!;
      const match = films.find(
        (f) =>
          f.id !== likedId &&
          !(skip as string[]).includes(f.id) &&
          f.features.filter((x) => liked.features.includes(x)).length >= (minimum as number),
      );
      if (!match) throw new Error(`no film shares ${minimum} features with ${likedId}`);
      return match.id;
    },
    [id, shared, exclude] as const,
  );
}

/** The first of `ids` that has a film sharing `shared` features, with that film. */
export async function likeablePair(
  page: Page,
  ids: readonly string[],
  shared = 3,
): Promise<[string, string]> {
  for (const id of ids) {
    const probe = await similarTo(page, id, shared).catch(() => null);
    if (probe !== null) return [id, probe];
  }
  throw new Error(`no film of ${ids.join(', ')} has a film sharing ${shared} features`);
}

/**
 * A feed card's feedback button, found the way a screen reader names it: "More like this:
 * <title>" or "Less of this: <title>".
 */
export async function feedbackButton(
  page: Page,
  id: string,
  action: 'More like this' | 'Less of this',
): Promise<Locator> {
  const card = page.locator(`[data-testid=feed] .card[data-film-id="${id}"]`);
  const title = await card.locator('button.title').textContent();
  return card.getByRole('button', { name: `${action}: ${title}`, exact: true });
}

export function meanPosition(page: Page, id: string, runs = 12): Promise<number> {
  return page.evaluate(
    ([film, n]) => (globalThis as Demo).crowdbanditDemo.meanPosition(film as string, n as number),
    [id, runs] as const,
  );
}

export function status(page: Page) {
  return page.evaluate(() => (globalThis as Demo).crowdbanditDemo.client.status());
}

export async function until(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
