import { resolve } from 'node:path';
import { createRng } from '@crowdbandit/core';
import {
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  mergeDeltas,
} from '@crowdbandit/protocol';
import { startLocalEdge } from '../local/start-local-edge.ts';

/** Workers Paid list prices in USD, read 2026-12-05 (see worker/README.md, "What it costs"). */
export const PRICES = {
  date: '2026-12-05',
  workerRequestPerMillion: 0.3,
  doRequestPerMillion: 0.15,
  wsInPerDoRequest: 20,
  rowsReadPerMillion: 0.001,
  rowsWrittenPerMillion: 1.0,
} as const;

/** What one metered run counted, per 1,000 feedback events, and its price. */
export interface CostFigures {
  readonly shards: number;
  readonly clients: number;
  readonly batches: number;
  readonly events: number;
  readonly per1000Events: {
    readonly workerRequests: number;
    readonly doRequests: number;
    readonly alarms: number;
    readonly setAlarms: number;
    readonly wsMessagesIn: number;
    readonly rowsRead: number;
    readonly rowsWritten: number;
  };
  readonly doRequestsByMethod: Record<string, number>;
  readonly usdPerMillionEvents: {
    readonly workerRequests: number;
    readonly doRequests: number;
    readonly rowsRead: number;
    readonly rowsWritten: number;
    readonly total: number;
  };
}

interface Meter {
  workerRequests: number;
  doRequests: Record<string, number>;
  alarms: number;
  setAlarms: number;
  wsIn: number;
  rowsRead: number;
  rowsWritten: number;
}

// A demo visit's batch at the SDK's 30 s flush: impressions of the films shown, a few likes
// and dislikes, over the demo's catalog of films in its four time-of-day contexts.
const EVENTS_PER_BATCH = 12;
const FILMS = 60;
function demoBatch(clientId: string, seq: number, rng: () => number): DeltaBatch {
  const context = `timeOfDay=${['morning', 'afternoon', 'evening', 'night'][Math.floor(rng() * 4)]}`;
  const events = Array.from({ length: EVENTS_PER_BATCH }, () => {
    const arm = `film-${Math.floor(rng() ** 1.5 * FILMS)}`;
    const r = rng();
    // impression (f 0.1), like (s 1), dislike (f 1)
    if (r < 0.75) return { decision: 'home-feed', context, arm, s: 0, f: 0.1, n: 1 };
    if (r < 0.9) return { decision: 'home-feed', context, arm, s: 1, f: 0, n: 1 };
    return { decision: 'home-feed', context, arm, s: 0, f: 1, n: 1 };
  });
  return { clientId, seq, deltas: mergeDeltas(events) };
}

const app = { 1: 'one', 4: 'four', 16: 'sixteen' } as const;

async function meterOf(url: string, reset: boolean): Promise<Meter> {
  const res = await fetch(new URL(`/bench/meter${reset ? '?reset' : ''}`, url));
  return (await res.json()) as Meter;
}

async function costRun(
  url: string,
  shards: 1 | 4 | 16,
  clients: number,
  batchesPerClient: number,
  settleMs: number,
): Promise<CostFigures> {
  const rng = createRng(shards);
  await meterOf(url, true);
  let batches = 0;
  const name = app[shards];
  const lanes = 16;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let c = lane; c < clients; c += lanes) {
        // As the SDK does at its first start: one request for a signed client id.
        const issued = await fetch(new URL(`/v1/apps/${name}/clients`, url), {
          method: 'POST',
          headers: { 'x-crowdbandit-key': `pk_bench_${name}` },
        });
        const { clientId } = (await issued.json()) as { clientId: string };
        for (let seq = 1; seq <= batchesPerClient; seq++) {
          const res = await fetch(new URL(`/v1/apps/${name}/deltas`, url), {
            method: 'POST',
            headers: {
              'x-crowdbandit-key': `pk_bench_${name}`,
              'content-type': BINARY_CONTENT_TYPE,
            },
            body: encodeBatch(demoBatch(clientId, seq, rng)),
          });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`batch refused: ${res.status} ${clientId}`);
          batches += 1;
        }
      }
    }),
  );
  // Let the shards' push alarms and the aggregator's history alarm run.
  await new Promise((r) => setTimeout(r, settleMs));
  const m = await meterOf(url, true);
  const events = batches * EVENTS_PER_BATCH;
  const k = 1000 / events;
  const doRequests = Object.values(m.doRequests).reduce((a, b) => a + b, 0);
  const billedDo = doRequests - m.wsIn + m.wsIn / PRICES.wsInPerDoRequest;
  const perM = (count: number, price: number) => (count / events) * price;
  const usd = {
    workerRequests: perM(m.workerRequests, PRICES.workerRequestPerMillion),
    doRequests: perM(billedDo, PRICES.doRequestPerMillion),
    rowsRead: perM(m.rowsRead, PRICES.rowsReadPerMillion),
    rowsWritten: perM(m.rowsWritten, PRICES.rowsWrittenPerMillion),
  };
  return {
    shards,
    clients,
    batches,
    events,
    per1000Events: {
      workerRequests: m.workerRequests * k,
      doRequests: doRequests * k,
      alarms: m.alarms * k,
      setAlarms: m.setAlarms * k,
      wsMessagesIn: m.wsIn * k,
      rowsRead: m.rowsRead * k,
      rowsWritten: m.rowsWritten * k,
    },
    doRequestsByMethod: m.doRequests,
    usdPerMillionEvents: {
      ...usd,
      total: usd.workerRequests + usd.doRequests + usd.rowsRead + usd.rowsWritten,
    },
  };
}

/**
 * The cost benchmark: the metered edge (worker/bench/meter-worker.ts) in local workerd;
 * `clients` demo visitors each send `batchesPerClient` batches to 1, 4 and 16 shards; the
 * counts are priced at Workers Paid list prices beyond the monthly allowances.
 */
export async function runEdgeCost(options: { quick?: boolean } = {}) {
  const quick = options.quick ?? false;
  const edge = await startLocalEdge({
    config: resolve(import.meta.dirname, 'wrangler.meter.jsonc'),
    logLevel: 'warn',
  });
  try {
    const clients = quick ? 300 : 3000;
    const runs: CostFigures[] = [];
    for (const shards of [1, 4, 16] as const) {
      runs.push(await costRun(edge.url, shards, clients, 3, quick ? 7000 : 12_000));
    }
    const worst = Math.max(...runs.map((r) => r.usdPerMillionEvents.total));
    return { prices: PRICES, eventsPerBatch: EVENTS_PER_BATCH, usdPerMillionEvents: worst, runs };
  } finally {
    await edge.dispose();
  }
}

/** Prints the cost table of `runEdgeCost`. */
export function printCost(cost: Awaited<ReturnType<typeof runEdgeCost>>): void {
  console.log(
    'shards  events  wkr req  DO req  alarms  setAlarm  ws in  rows read  rows written  $/M events (wkr, DO, read, write)',
  );
  for (const r of cost.runs) {
    const p = r.per1000Events;
    const u = r.usdPerMillionEvents;
    console.log(
      `${String(r.shards).padStart(6)}  ${String(r.events).padStart(6)}  ${p.workerRequests.toFixed(1).padStart(7)}  ${p.doRequests.toFixed(1).padStart(6)}  ${p.alarms.toFixed(2).padStart(6)}  ${p.setAlarms.toFixed(2).padStart(8)}  ${p.wsMessagesIn.toFixed(2).padStart(5)}  ${p.rowsRead.toFixed(0).padStart(9)}  ${p.rowsWritten.toFixed(0).padStart(12)}  ${u.total.toFixed(4)} (${u.workerRequests.toFixed(4)}, ${u.doRequests.toFixed(4)}, ${u.rowsRead.toFixed(4)}, ${u.rowsWritten.toFixed(4)})`,
    );
  }
  console.log(`usd_per_million_events (worst shard count): ${cost.usdPerMillionEvents.toFixed(4)}`);
}

if (import.meta.main) {
  printCost(await runEdgeCost({ quick: process.argv.includes('--quick') }));
}
