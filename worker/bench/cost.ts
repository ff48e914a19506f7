import { resolve } from 'node:path';
import { createRng } from '@crowdbandit/core';
import {
  armRef,
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  mergeDeltas,
} from '@crowdbandit/protocol';
import { startLocalEdge } from '../local/start-local-edge.ts';
import type { Meter } from './meter-worker.ts';

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
  /** The SDK flush interval the visits were sealed at. */
  readonly flushIntervalMs: number;
  readonly clients: number;
  readonly batches: number;
  readonly events: number;
  readonly deltasPerBatch: number;
  /** The share of deltas sent by ref (arms of the crowd's priors). */
  readonly refShare: number;
  readonly per1000Events: {
    readonly batches: number;
    /** Batches refused with 409 unknown_arm_refs and sent again spelled out. */
    readonly refusals: number;
    readonly workerRequests: number;
    readonly doRequests: number;
    readonly alarms: number;
    readonly setAlarms: number;
    readonly wsMessagesIn: number;
    readonly rowsRead: number;
    readonly rowsWritten: number;
  };
  /** Rows written per 1,000 events by who writes them. */
  readonly rowsWrittenByPer1000Events: Record<string, number>;
  readonly rowsWrittenByMethodPer1000Events: Record<string, number>;
  readonly rowsWrittenByStatementPer1000Events: Record<string, number>;
  readonly doRequestsByMethod: Record<string, number>;
  readonly usdPerMillionEvents: {
    readonly workerRequests: number;
    readonly doRequests: number;
    readonly rowsRead: number;
    readonly rowsWritten: number;
    readonly total: number;
  };
}

/** A demo visit as the SDK seals it at one flush interval. */
export interface Workload {
  readonly flushIntervalMs: number;
  readonly visitors: number;
  readonly events: number;
  readonly batches: number;
}

// The demo workload as bench/results/wire.json measured it (2026-12-06): 200 visitors sent
// 30,446 feedback events, in 781 batches at the SDK's default 60 s flush (39 events a batch,
// 3.9 a visitor) and in 1,336 at its earlier 30 s (23 events a batch, 6.68 a visitor). A visit
// here: one signed id, then its batches of impressions, likes and dislikes over the demo's
// films in its four time-of-day contexts, merged per arm key as the SDK does before sealing.
export const WORKLOADS: readonly Workload[] = [
  { flushIntervalMs: 60_000, visitors: 200, events: 30_446, batches: 781 },
  { flushIntervalMs: 30_000, visitors: 200, events: 30_446, batches: 1_336 },
];
const eventsPerBatch = (w: Workload) => Math.round(w.events / w.batches);
const batchesPerVisitor = (w: Workload) => w.batches / w.visitors;
const FILMS = 60;
function demoBatch(
  workload: Workload,
  clientId: string,
  seq: number,
  rng: () => number,
): DeltaBatch {
  const context = `timeOfDay=${['morning', 'afternoon', 'evening', 'night'][Math.floor(rng() * 4)]}`;
  const events = Array.from({ length: eventsPerBatch(workload) }, () => {
    const arm = `film-${Math.floor(rng() ** 1.5 * FILMS)}`;
    const r = rng();
    // impression (f 0.1), like (s 1), dislike (f 1)
    if (r < 0.75) return { decision: 'home-feed', context, arm, s: 0, f: 0.1, n: 1 };
    if (r < 0.9) return { decision: 'home-feed', context, arm, s: 1, f: 0, n: 1 };
    return { decision: 'home-feed', context, arm, s: 0, f: 1, n: 1 };
  });
  return { clientId, seq, deltas: mergeDeltas(events) };
}

// The whole batches around the workload's mean a visitor (3 or 4 at 60 s, 3.9 on average).
function visitBatches(workload: Workload, rng: () => number): number {
  const mean = batchesPerVisitor(workload);
  const whole = Math.floor(mean);
  return whole + (rng() < mean - whole ? 1 : 0);
}

const app = { 1: 'one', 4: 'four', 16: 'sixteen' } as const;

// Visitors so far, for their addresses.
let visitor = 0;

// Per app, every arm key its visitors sent so far: what the priors a new visitor fetches list,
// and so what the SDK sends by ref.
const crowds = new Map<string, Set<string>>();
const keyOf = (d: { decision: string; context: string; arm: string }) =>
  `${d.decision}\u0000${d.context}\u0000${d.arm}`;

async function meterOf(url: string, reset: boolean): Promise<Meter> {
  const res = await fetch(new URL(`/bench/meter${reset ? '?reset' : ''}`, url));
  return (await res.json()) as Meter;
}

// `clients` demo visits to one app, 16 at a time, each sending the arms of the crowd's priors
// by ref as the SDK does (and a batch refused for refs its shard cannot resolve again, with
// those spelled out); resolves to the batches, deltas, deltas by ref and refusals.
async function visits(
  url: string,
  name: string,
  workload: Workload,
  clients: number,
  rng: () => number,
): Promise<{ batches: number; deltas: number; referenced: number; refusals: number }> {
  let batches = 0;
  let deltas = 0;
  let referenced = 0;
  let refusals = 0;
  const crowd = crowds.get(name) ?? new Set<string>();
  crowds.set(name, crowd);
  const lanes = 16;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let c = lane; c < clients; c += lanes) {
        // As the SDK does at its first start: one request for a signed client id, each
        // visitor from an address of its own.
        visitor += 1;
        const n = visitor;
        const issued = await fetch(new URL(`/v1/apps/${name}/clients`, url), {
          method: 'POST',
          headers: {
            'x-crowdbandit-key': `pk_bench_${name}`,
            'cf-connecting-ip': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
          },
        });
        const { clientId } = (await issued.json()) as { clientId: string };
        const priors = new Set(crowd);
        const spelled = new Set<number>();
        const known = (decision: string, context: string, arm: string) =>
          priors.has(keyOf({ decision, context, arm })) && !spelled.has(armRef(arm));
        const visit = visitBatches(workload, rng);
        for (let seq = 1; seq <= visit; seq++) {
          const batch = demoBatch(workload, clientId, seq, rng);
          deltas += batch.deltas.length;
          for (let attempt = 0; ; attempt++) {
            const byRef = batch.deltas.filter((d) => known(d.decision, d.context, d.arm)).length;
            const res = await fetch(new URL(`/v1/apps/${name}/deltas`, url), {
              method: 'POST',
              headers: {
                'x-crowdbandit-key': `pk_bench_${name}`,
                'content-type': BINARY_CONTENT_TYPE,
              },
              body: encodeBatch(batch, known),
            });
            const text = await res.text();
            if (res.status === 409 && attempt === 0) {
              const { error } = JSON.parse(text) as { error: { unknownRefs?: number[] } };
              for (const ref of error.unknownRefs ?? []) spelled.add(ref);
              refusals += 1;
              continue;
            }
            if (res.status !== 200) throw new Error(`batch refused: ${res.status} ${text}`);
            referenced += byRef;
            break;
          }
          for (const d of batch.deltas) crowd.add(keyOf(d));
          batches += 1;
        }
      }
    }),
  );
  return { batches, deltas, referenced, refusals };
}

// Records the aggregator's pending history now (a read of it does), as its alarm would at the
// end of the minute.
async function recordHistory(url: string, name: string): Promise<void> {
  const res = await fetch(new URL(`/v1/apps/${name}/history?decision=home-feed`, url), {
    headers: { authorization: 'Bearer bench-admin-token' },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`history read refused: ${res.status}`);
}

async function costRun(
  url: string,
  app: string,
  shards: 1 | 4 | 16,
  workload: Workload,
  clients: number,
  warmUp: number,
  settleMs: number,
): Promise<CostFigures> {
  const rng = createRng(shards);
  // Unmetered first: the objects' creation and an app's first pushes (every arm key's first
  // row, every client new) are not what it pays once it runs. The warm-up's history is
  // recorded before the meter starts, so that its rows are not put down to the metered visits.
  await visits(url, app, workload, warmUp, rng);
  await new Promise((r) => setTimeout(r, settleMs));
  await recordHistory(url, app);
  await meterOf(url, true);
  const { batches, deltas, referenced, refusals } = await visits(url, app, workload, clients, rng);
  // Let the shards' push alarms run, then record what the metered visits changed (the alarm
  // may have recorded some of it already: a minute ended during the visits).
  await new Promise((r) => setTimeout(r, settleMs));
  await recordHistory(url, app);
  const m = await meterOf(url, true);
  const events = batches * eventsPerBatch(workload);
  const k = 1000 / events;
  // Each visitor's id came from its address's IssuanceLimiter object (one of four per app),
  // which stores the buckets of a second's takes in one SQL row, counted with the rest.
  const doRequests = Object.values(m.doRequests).reduce((a, b) => a + b, 0);
  const billedDo = doRequests - m.wsIn + m.wsIn / PRICES.wsInPerDoRequest;
  // setAlarm writes a row; so do key-value puts and deletes.
  const rowsWritten = m.rowsWritten + m.kvRowsWritten + m.setAlarms;
  const rowsRead = m.rowsRead + m.kvRowsRead;
  const perM = (count: number, price: number) => (count / events) * price;
  const usd = {
    workerRequests: perM(m.workerRequests, PRICES.workerRequestPerMillion),
    doRequests: perM(billedDo, PRICES.doRequestPerMillion),
    rowsRead: perM(rowsRead, PRICES.rowsReadPerMillion),
    rowsWritten: perM(rowsWritten, PRICES.rowsWrittenPerMillion),
  };
  const byClass = Object.fromEntries(
    Object.entries(m.rowsWrittenByClass).map(([name, rows]) => [name, rows * k]),
  );
  return {
    shards,
    flushIntervalMs: workload.flushIntervalMs,
    clients,
    batches,
    events,
    deltasPerBatch: deltas / batches,
    refShare: referenced / deltas,
    per1000Events: {
      batches: batches * k,
      refusals: refusals * k,
      workerRequests: m.workerRequests * k,
      doRequests: doRequests * k,
      alarms: m.alarms * k,
      setAlarms: m.setAlarms * k,
      wsMessagesIn: m.wsIn * k,
      rowsRead: rowsRead * k,
      rowsWritten: rowsWritten * k,
    },
    rowsWrittenByPer1000Events: {
      ...byClass,
      'key-value puts and deletes': m.kvRowsWritten * k,
      setAlarm: m.setAlarms * k,
    },
    rowsWrittenByMethodPer1000Events: Object.fromEntries(
      Object.entries(m.rowsWrittenByMethod).map(([method, rows]) => [method, rows * k]),
    ),
    rowsWrittenByStatementPer1000Events: Object.fromEntries(
      Object.entries(m.rowsWrittenByStatement)
        .sort((a, b) => b[1] - a[1])
        .map(([statement, rows]) => [statement, rows * k]),
    ),
    doRequestsByMethod: m.doRequests,
    usdPerMillionEvents: {
      ...usd,
      total: usd.workerRequests + usd.doRequests + usd.rowsRead + usd.rowsWritten,
    },
  };
}

/**
 * The cost benchmark: the metered edge (worker/bench/meter-worker.ts) in local workerd;
 * after unmetered warm-up visits, demo visitors each obtain a signed id and send their batches
 * (3.9 on average at the SDK's default 60 s flush; 6.68 at its earlier 30 s, measured too) to
 * 1, 4 and 16 shards; the counts are priced at Workers Paid list prices beyond the monthly
 * allowances.
 */
export async function runEdgeCost(options: { quick?: boolean } = {}) {
  const quick = options.quick ?? false;
  const edge = await startLocalEdge({
    config: resolve(import.meta.dirname, 'wrangler.meter.jsonc'),
    logLevel: 'warn',
  });
  try {
    const clients = quick ? 150 : 750;
    const warmUp = quick ? 50 : 250;
    const measure = async (workload: Workload) => {
      const runs: CostFigures[] = [];
      for (const shards of [1, 4, 16] as const) {
        runs.push(
          await costRun(
            edge.url,
            app[shards],
            shards,
            workload,
            clients,
            warmUp,
            quick ? 7000 : 12_000,
          ),
        );
      }
      return {
        workload: {
          ...workload,
          eventsPerBatch: eventsPerBatch(workload),
          batchesPerVisitor: batchesPerVisitor(workload),
          warmUpVisits: warmUp,
          meteredVisits: clients,
        },
        eventsPerBatch: eventsPerBatch(workload),
        usdPerMillionEvents: Math.max(...runs.map((r) => r.usdPerMillionEvents.total)),
        runs,
      };
    };
    const [current, earlier] = WORKLOADS as [Workload, Workload];
    return { prices: PRICES, ...(await measure(current)), earlierFlush: await measure(earlier) };
  } finally {
    await edge.dispose();
  }
}

/** Prints the cost table of `runEdgeCost`. */
export function printCost(cost: Awaited<ReturnType<typeof runEdgeCost>>): void {
  console.log(
    'flush  shards  events  deltas/batch  wkr req  DO req  alarms  setAlarm  ws in  rows read  rows written  $/M events (wkr, DO, read, write)',
  );
  for (const r of [...cost.runs, ...cost.earlierFlush.runs]) {
    const p = r.per1000Events;
    const u = r.usdPerMillionEvents;
    console.log(
      `${`${r.flushIntervalMs / 1000} s`.padStart(5)}  ${String(r.shards).padStart(6)}  ${String(r.events).padStart(6)}  ${r.deltasPerBatch.toFixed(1).padStart(12)}  ${p.workerRequests.toFixed(1).padStart(7)}  ${p.doRequests.toFixed(1).padStart(6)}  ${p.alarms.toFixed(2).padStart(6)}  ${p.setAlarms.toFixed(2).padStart(8)}  ${p.wsMessagesIn.toFixed(2).padStart(5)}  ${p.rowsRead.toFixed(0).padStart(9)}  ${p.rowsWritten.toFixed(0).padStart(12)}  ${u.total.toFixed(4)} (${u.workerRequests.toFixed(4)}, ${u.doRequests.toFixed(4)}, ${u.rowsRead.toFixed(4)}, ${u.rowsWritten.toFixed(4)})`,
    );
  }
  for (const r of [...cost.runs, ...cost.earlierFlush.runs]) {
    const by = Object.entries(r.rowsWrittenByPer1000Events)
      .map(([name, rows]) => `${name} ${rows.toFixed(1)}`)
      .join(', ');
    console.log(
      `${r.flushIntervalMs / 1000} s flush, ${r.shards} shards, rows written per 1,000 events: ${by}`,
    );
    const methods = Object.entries(r.rowsWrittenByMethodPer1000Events)
      .filter(([, rows]) => rows >= 0.05)
      .map(([method, rows]) => `${method} ${rows.toFixed(1)}`)
      .join(', ');
    console.log(`  by method: ${methods}; DO requests: ${JSON.stringify(r.doRequestsByMethod)}`);
    const statements = Object.entries(r.rowsWrittenByStatementPer1000Events)
      .slice(0, 6)
      .map(([statement, rows]) => `${statement} ${rows.toFixed(1)}`)
      .join(', ');
    console.log(`  by statement: ${statements}`);
    console.log(
      `  deltas by ref: ${(r.refShare * 100).toFixed(0)}%; batches refused for unknown refs and sent again: ${r.per1000Events.refusals.toFixed(2)} per 1,000 events`,
    );
  }
  console.log(
    `usd_per_million_events (worst shard count): ${cost.usdPerMillionEvents.toFixed(4)} at the ${cost.workload.flushIntervalMs / 1000} s flush, ${cost.earlierFlush.usdPerMillionEvents.toFixed(4)} at ${cost.earlierFlush.workload.flushIntervalMs / 1000} s`,
  );
}

if (import.meta.main) {
  printCost(await runEdgeCost({ quick: process.argv.includes('--quick') }));
}
