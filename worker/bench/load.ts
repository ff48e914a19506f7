import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createRng } from '@crowdbandit/core';
import {
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  encodeBatchJson,
  mergeDeltas,
} from '@crowdbandit/protocol';
import { startLocalEdge } from '../local/start-local-edge.ts';
import { printCost, runEdgeCost } from './cost.ts';

/** Figures of one load run. */
export interface LoadFigures {
  readonly shards: number;
  readonly form: 'json' | 'binary';
  readonly clients: number;
  readonly batches: number;
  readonly events: number;
  readonly seconds: number;
  readonly batchesPerSec: number;
  readonly eventsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly errors: number;
}

const EVENTS_PER_BATCH = 50;

// One client's next batch: 50 feedback events over a catalog of 2,000 films in 4 contexts,
// merged per arm key as the SDK does before sealing.
function batchOf(client: string, seq: number, rng: () => number): DeltaBatch {
  const events = Array.from({ length: EVENTS_PER_BATCH }, () => {
    const liked = rng() < 0.3;
    return {
      decision: 'home-feed',
      context: `timeOfDay=${['morning', 'afternoon', 'evening', 'night'][Math.floor(rng() * 4)]}`,
      arm: `movie-${Math.floor(rng() ** 2 * 2000)}`,
      s: liked ? 1 : 0,
      f: liked ? 0.1 : 0.1,
      n: 1,
    };
  });
  return { clientId: client, seq, deltas: mergeDeltas(events) };
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * Drives `clients` virtual clients against one app, each with one batch in flight (as the
 * SDK does), until `maxBatches` are acknowledged or `maxSeconds` pass.
 */
async function drive(
  url: string,
  app: 'one' | 'four',
  form: 'json' | 'binary',
  clients: number,
  maxBatches: number,
  maxSeconds: number,
  run: number,
): Promise<LoadFigures> {
  const rng = createRng(run);
  const latencies: number[] = [];
  let acked = 0;
  let errors = 0;
  // Signed ids first, as the SDK gets them, outside the timed batches.
  const ids = await Promise.all(
    Array.from({ length: clients }, async () => {
      const res = await fetch(new URL(`/v1/apps/${app}/clients`, url), {
        method: 'POST',
        headers: { 'x-crowdbandit-key': `pk_bench_${app}` },
      });
      if (res.status !== 200) throw new Error(`no client id for ${app}: ${res.status}`);
      return ((await res.json()) as { clientId: string }).clientId;
    }),
  );
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    ids.map(async (clientId) => {
      for (let seq = 1; acked < maxBatches && performance.now() < deadline; seq++) {
        const batch = batchOf(clientId, seq, rng);
        const body = form === 'binary' ? encodeBatch(batch) : encodeBatchJson(batch);
        const t = performance.now();
        const res = await fetch(new URL(`/v1/apps/${app}/deltas`, url), {
          method: 'POST',
          headers: {
            'x-crowdbandit-key': `pk_bench_${app}`,
            'content-type': form === 'binary' ? BINARY_CONTENT_TYPE : 'application/json',
          },
          body,
        });
        await res.arrayBuffer();
        latencies.push(performance.now() - t);
        if (res.status === 200) acked += 1;
        else {
          errors += 1;
          break;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    shards: app === 'one' ? 1 : 4,
    form,
    clients,
    batches: acked,
    events: acked * EVENTS_PER_BATCH,
    seconds,
    batchesPerSec: acked / seconds,
    eventsPerSec: (acked * EVENTS_PER_BATCH) / seconds,
    latencyMs: { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) },
    errors,
  };
}

/**
 * The edge load benchmark: a local workerd (wrangler's `unstable_startWorker`, state in
 * a temp dir) on loopback; 1 and 4 shards; JSON and binary bodies; then the
 * metered cost run of `runEdgeCost` (1, 4 and 16 shards). Writes bench/results/edge.json.
 */
export async function runEdgeLoad(options: { quick?: boolean; out?: string } = {}) {
  const quick = options.quick ?? false;
  const edge = await startLocalEdge({
    config: resolve(import.meta.dirname, 'wrangler.bench.jsonc'),
    logLevel: 'warn',
  });
  let runs: LoadFigures[];
  try {
    const url = edge.url;
    const clients = 32;
    const maxBatches = quick ? 300 : 3000;
    const maxSeconds = quick ? 4 : 15;
    await drive(url, 'four', 'binary', 8, 100, 5, 0); // warm up isolates and SQLite
    runs = [];
    let run = 1;
    for (const app of ['one', 'four'] as const) {
      for (const form of ['json', 'binary'] as const) {
        runs.push(await drive(url, app, form, clients, maxBatches, maxSeconds, run++));
      }
    }
  } finally {
    await edge.dispose();
  }
  const cost = await runEdgeCost({ quick });
  const out = options.out ?? resolve(import.meta.dirname, '../../bench/results/edge.json');
  // The first metered run (code before any cost cut) stays as the "before" figure, with its
  // figures per shard count.
  const previous = existsSync(out)
    ? (JSON.parse(readFileSync(out, 'utf8')) as {
        usd_per_million_events_before?: number;
        cost_before?: unknown;
        cost?: unknown;
      })
    : {};
  const result = {
    date: new Date().toISOString(),
    usd_per_million_events: cost.usdPerMillionEvents,
    usd_per_million_events_before:
      previous.usd_per_million_events_before ?? cost.usdPerMillionEvents,
    // The metered cost of the code before the cuts: the previous file's, until there is one.
    ...((previous.cost_before ?? previous.cost) === undefined
      ? {}
      : { cost_before: previous.cost_before ?? previous.cost }),
    node: process.version,
    quick,
    note: 'local workerd and the load generator share this 2-core machine; throughput runs: one batch = 50 feedback events merged per arm key, signed ids fetched before timing; cost run: see cost (demo-workload visits: a signed id, then 3.9 batches of 39 events on average at the SDK default 60 s flush; cost.earlierFlush: 6.68 batches of 23 events at its earlier 30 s; each run history recorded once after its visits, the warm-up history before the meter starts); cost_before: the cost run behind usd_per_million_events_before (12-event batches, 3 per client, setAlarm and key-value rows not priced)',
    runs,
    cost,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return { result, out };
}

if (import.meta.main) {
  const { result, out } = await runEdgeLoad({ quick: process.argv.includes('--quick') });
  console.log('shards  body    batches/s  events/s   p50 ms  p99 ms  batches  errors');
  for (const r of result.runs) {
    console.log(
      `${String(r.shards).padStart(6)}  ${r.form.padEnd(6)}  ${r.batchesPerSec.toFixed(0).padStart(9)}  ${r.eventsPerSec.toFixed(0).padStart(8)}  ${r.latencyMs.p50.toFixed(1).padStart(7)}  ${r.latencyMs.p99.toFixed(1).padStart(6)}  ${String(r.batches).padStart(7)}  ${r.errors}`,
    );
  }
  printCost(result.cost);
  console.log(`wrote ${out}`);
}
