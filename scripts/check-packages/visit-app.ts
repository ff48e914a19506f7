// Internal to check-packages: the built app in Chromium, against the real local edge.
import type { BrowserContext } from 'playwright-core';
import { DECISION, EDGE_APP, K, type Visit } from './consumer-files.ts';

/** What the browser saw during the visits. */
export interface Traffic {
  /** Status of each response of the app's origin, by path. */
  readonly responses: Map<string, number>;
  readonly pageErrors: string[];
  /** Requests to the edge, as `METHOD /path`. */
  readonly edgeRequests: string[];
}

/** Records responses, requests to the edge and uncaught errors of `context`'s pages. */
export function watch(context: BrowserContext, origin: string, edge: string): Traffic {
  const traffic: Traffic = { responses: new Map(), pageErrors: [], edgeRequests: [] };
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === edge && request.method() !== 'OPTIONS') {
      traffic.edgeRequests.push(`${request.method()} ${url.pathname}`);
    }
  });
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === origin) traffic.responses.set(url.pathname, response.status());
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => traffic.pageErrors.push(error.message));
  });
  return traffic;
}

/** What the page reported, with the workers it started (by URL). */
export type Visited = Visit & { readonly workers: readonly string[] };

/** Opens the app at `url` in a page of `context` and waits for what the page reports. */
export async function visit(context: BrowserContext, url: string): Promise<Visited> {
  const page = await context.newPage();
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => 'crowdbandit' in globalThis, null, { timeout: 10_000 });
    const seen = (await page.evaluate(
      () => (globalThis as unknown as { crowdbandit: Promise<unknown> }).crowdbandit,
    )) as Visit;
    return { ...seen, workers };
  } finally {
    await page.close();
  }
}

/** Throws unless the visit ran in a module worker on IndexedDB and sent everything. */
export function expectWorkerAndIndexedDb(seen: Visited, traffic: Traffic, worker: string): void {
  const problems: string[] = [];
  if (seen.status.mode !== 'worker') problems.push(`status().mode is ${seen.status.mode}`);
  if (!seen.workers.some((url) => url.endsWith(`/${worker}`))) {
    const started = seen.workers.join(', ') || 'none';
    problems.push(`the page started no worker from ${worker} (it started: ${started})`);
  }
  if (seen.status.storage !== 'indexeddb')
    problems.push(`status().storage is ${seen.status.storage}`);
  if (seen.storageReports.length > 0)
    problems.push(`storage events: ${seen.storageReports.join('; ')}`);
  const db = `crowdbandit:${EDGE_APP.id}`;
  if (!seen.databases.includes(db))
    problems.push(`no IndexedDB database ${db} (${seen.databases.join(', ')})`);
  if (seen.sync.pendingBatches !== 0 || seen.sync.lastAckedSeq < 1) {
    problems.push(
      `flush() left ${seen.sync.pendingBatches} batches, acked seq ${seen.sync.lastAckedSeq}`,
    );
  }
  if (seen.errors.length > 0) problems.push(`error events: ${seen.errors.join('; ')}`);
  if (traffic.pageErrors.length > 0) problems.push(`page errors: ${traffic.pageErrors.join('; ')}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** How many batches (`POST …/deltas`) the pages sent since the `from`-th edge request. */
export function batchesSent(traffic: Traffic, from: number): number {
  return traffic.edgeRequests.slice(from).filter((r) => /^POST \S+\/deltas$/.test(r)).length;
}

/** Throws unless the first visit ranked K distinct items and liked the first. */
export function expectRanked(seen: Visit): void {
  if (seen.ranked.length !== K || new Set(seen.ranked).size !== K) {
    throw new Error(`rank returned ${JSON.stringify(seen.ranked)}, expected ${K} distinct ids`);
  }
  if (seen.liked !== seen.ranked[0]) throw new Error(`liked ${seen.liked}, not the top item`);
}

type Counts = readonly [number, number, number];

/** The admin's raw totals of {@link DECISION} in the empty context: [S, F, impressions] by arm. */
export async function edgeTotals(edgeUrl: string): Promise<Map<string, Counts>> {
  const res = await fetch(`${edgeUrl}/v1/apps/${EDGE_APP.id}/totals`, {
    headers: { authorization: `Bearer ${EDGE_APP.adminToken}` },
  });
  if (!res.ok)
    throw new Error(`GET /v1/apps/${EDGE_APP.id}/totals: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as {
    decisions: Record<string, Record<string, Record<string, { raw: Counts }>>>;
  };
  const other = Object.keys(body.decisions).filter((d) => d !== DECISION);
  if (other.length > 0) throw new Error(`the edge counted decisions it was never sent: ${other}`);
  const contexts = body.decisions[DECISION] ?? {};
  const unexpected = Object.keys(contexts).filter((c) => c !== '');
  if (unexpected.length > 0) throw new Error(`the edge counted contexts ${unexpected.join(', ')}`);
  return new Map(Object.entries(contexts[''] ?? {}).map(([arm, { raw }]) => [arm, raw]));
}

/** Polls `check` every 100 ms until it is true or `ms` have passed. */
export async function until(
  check: () => Promise<boolean>,
  ms: number,
  what: string,
): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}

/** Throws unless the edge holds exactly one like of `arm` and nothing else. */
export function expectCountedOnce(totals: ReadonlyMap<string, Counts>, arm: string): string {
  const rows = [...totals].map(([id, raw]) => `${id} [${raw.join(', ')}]`).join('; ') || 'nothing';
  const mine = totals.get(arm);
  const once = mine !== undefined && mine[0] === 1 && mine[1] === 0 && mine[2] === 0;
  if (!once || totals.size !== 1) {
    throw new Error(`expected ${DECISION}/${arm} [1, 0, 0] and nothing else; the edge has ${rows}`);
  }
  return rows;
}
