// Internal to check-packages: the built scratch app served by `vite preview`, opened twice in
// Chromium against the real local edge (workerd), and what the edge counted.
import { join, relative } from 'node:path';
import { startLocalEdge } from '@crowdbandit/edge/local';
import { preview } from 'vite';
import { chooseChromium, freePort, launchChromium } from '../../packages/sdk/bench/chromium.ts';
import type { ConsumerBundle } from './consumer-app.ts';
import { DECISION, EDGE_APP } from './consumer-files.ts';
import { ROOT } from './publishable.ts';
import type { Report } from './report.ts';
import {
  batchesSent,
  edgeTotals,
  expectCountedOnce,
  expectRanked,
  expectWorkerAndIndexedDb,
  until,
  visit,
  watch,
} from './visit-app.ts';

/** Registers what to close at the end of the run, once it has started. */
export type Own = <T>(starting: Promise<T>, close: (started: T) => Promise<unknown>) => Promise<T>;

const EDGE_CONFIG = join(ROOT, 'test/support/wrangler.test.jsonc');

/** The browser steps; each throws (through `report.step`) when its check fails. */
export async function checkInBrowser(
  report: Report,
  appDir: string,
  bundle: ConsumerBundle,
  own: Own,
): Promise<void> {
  const [edge, origin, browser] = await report.step('servers', async () => {
    const port = await freePort();
    const starting = [
      own(startLocalEdge({ config: EDGE_CONFIG }), (edge) => edge.dispose()),
      own(
        preview({
          root: appDir,
          logLevel: 'warn',
          preview: { host: '127.0.0.1', port, strictPort: true },
        }),
        (server) => server.close(),
      ),
      own(launchChromium(), (browser) => browser.close()),
    ] as const;
    // Whatever starts is closed at the end, even when another of the three fails.
    await Promise.allSettled(starting);
    const [e, , b] = await Promise.all(starting);
    const { label } = await chooseChromium();
    const detail = `edge ${e.url} (${relative(ROOT, EDGE_CONFIG)}), vite preview :${port}, Chromium ${b.version()} (${label})`;
    return [[e, `http://127.0.0.1:${port}`, b] as const, detail] as const;
  });

  const context = await own(browser.newContext(), (c) => c.close());
  const traffic = watch(context, origin, edge.url);
  const endpoint = encodeURIComponent(edge.url);

  const first = await report.step('first visit', async () => {
    const seen = await visit(context, `${origin}/?endpoint=${endpoint}`);
    expectWorkerAndIndexedDb(seen, traffic, bundle.worker);
    expectRanked(seen);
    const sent = batchesSent(traffic, 0);
    if (sent !== 1) throw new Error(`the page sent ${sent} batches, expected 1`);
    const detail = `engine in the module worker ${bundle.worker}, status ${seen.status.mode}/${seen.status.storage}, database crowdbandit:${EDGE_APP.id}; rank → ${seen.ranked.length} items; feedback like ${seen.liked}; 1 batch, acked seq ${seen.sync.lastAckedSeq}`;
    return [seen, detail] as const;
  });

  await report.step('edge got it', async () => {
    await until(
      async () => (await edgeTotals(edge.url)).has(first.liked),
      15_000,
      `the like of ${first.liked} in GET /v1/apps/${EDGE_APP.id}/totals`,
    );
    return [null, `${DECISION}/${first.liked} is in the admin's raw totals`] as const;
  });

  await report.step('second visit', async () => {
    const mark = traffic.edgeRequests.length;
    const liked = encodeURIComponent(first.liked);
    const seen = await visit(context, `${origin}/?endpoint=${endpoint}&liked=${liked}`);
    expectWorkerAndIndexedDb(seen, traffic, bundle.worker);
    const problems: string[] = [];
    if (seen.status.lastAckedSeq !== first.sync.lastAckedSeq) {
      problems.push(
        `acked seq ${seen.status.lastAckedSeq} after the reload, ${first.sync.lastAckedSeq} before`,
      );
    }
    if (seen.likeKept === null || seen.likeKept < 0.5) {
      problems.push(
        `the like of ${first.liked} is gone (α over an untouched item: ${seen.likeKept})`,
      );
    }
    const resent = batchesSent(traffic, mark);
    if (resent !== 0) problems.push(`the page sent ${resent} batches again`);
    if (problems.length > 0) throw new Error(problems.join('\n'));
    const detail = `reload: the like (α +${seen.likeKept?.toFixed(2)} over an untouched item) and acked seq ${seen.status.lastAckedSeq} came back from IndexedDB; no batch sent again`;
    return [null, detail] as const;
  });

  await report.step('counted exactly once', async () => {
    // Well past the shards' push period (200 ms), so that a second count would have arrived.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rows = expectCountedOnce(await edgeTotals(edge.url), first.liked);
    return [null, `GET /v1/apps/${EDGE_APP.id}/totals → ${DECISION}: ${rows}`] as const;
  });

  await report.step('worker chunks served', async () => {
    const wanted = [bundle.worker, ...bundle.lazy.values()];
    const missing = wanted.filter((path) => traffic.responses.get(`/${path}`) !== 200);
    const failed = [...traffic.responses].filter(([, status]) => status >= 400).map(([p]) => p);
    if (missing.length > 0 || failed.length > 0) {
      const all = [...traffic.responses].map(([path, status]) => `${path} ${status}`).join(', ');
      throw new Error(`not served with 200: ${[...missing, ...failed].join(', ')}\n(${all})`);
    }
    const names = ['worker-entry', ...bundle.lazy.keys()].join(', ');
    return [null, `the worker loaded ${names}: all 200 from vite preview`] as const;
  });
}
