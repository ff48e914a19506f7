import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { startLocalEdge } from '../local/start-local-edge.ts';

const MINUTE = 60_000;
const TOKEN = 'bench-admin-token';

/** Figures of one kind of history request. */
export interface HistoryFigures {
  readonly step: 'minute' | 'hour';
  readonly requests: number;
  readonly arms: number;
  readonly points: number;
  readonly bytes: number;
  readonly latencyMs: { readonly p50: number; readonly min: number; readonly max: number };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function measure(
  url: string,
  query: string,
  runs: number,
): Promise<Omit<HistoryFigures, 'step'>> {
  const latencies: number[] = [];
  let bytes = 0;
  let arms = 0;
  let points = 0;
  for (let run = 0; run < runs; run++) {
    const t = performance.now();
    const res = await fetch(`${url}/v1/apps/one/history?${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const body = await res.arrayBuffer();
    latencies.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`history answered ${res.status}`);
    bytes = body.byteLength;
    const parsed = JSON.parse(new TextDecoder().decode(body)) as {
      arms: { points: unknown[] }[];
    };
    arms = parsed.arms.length;
    points = parsed.arms.reduce((sum, a) => sum + a.points.length, 0);
  }
  return {
    requests: runs,
    arms,
    points,
    bytes,
    latencyMs: {
      p50: median(latencies),
      min: Math.min(...latencies),
      max: Math.max(...latencies),
    },
  };
}

/**
 * The history benchmark: a local workerd (wrangler's `unstable_startWorker`) running the edge
 * with a bench-only seeding route (wrangler.history.jsonc); one decision with 1,000 arm keys
 * gets a row every minute for 24 hours (1,440,000 rows, written through the push path's
 * `recordHistory`), then `GET /history` is timed for the day in minutes and in hours, end to
 * end from this process (the body read to its last byte). Writes bench/results/history.json.
 */
export async function runHistoryBench(options: { quick?: boolean; out?: string } = {}) {
  const quick = options.quick ?? false;
  const arms = 1000;
  const minutes = 1440;
  const edge = await startLocalEdge({
    config: resolve(import.meta.dirname, 'wrangler.history.jsonc'),
    logLevel: 'warn',
  });
  try {
    const now = Date.now();
    const last = Math.floor(now / MINUTE) * MINUTE;
    const first = last - (minutes - 1) * MINUTE;
    const seedStarted = performance.now();
    let rows = 0;
    for (let m = 0; m < minutes; m += 60) {
      const res = await fetch(
        `${edge.url}/bench/seed-history?decision=bench&arms=${arms}&first=${first + m * MINUTE}&minutes=60`,
        { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } },
      );
      if (res.status !== 200)
        throw new Error(`seeding answered ${res.status}: ${await res.text()}`);
      rows += ((await res.json()) as { rows: number }).rows;
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const runs = quick ? 3 : 7;
    const window = `decision=bench&from=${first}&to=${now}`;
    await measure(edge.url, `${window}&step=hour`, 1); // warm the isolate and the page cache
    const minute = await measure(edge.url, `${window}&step=minute`, runs);
    const hour = await measure(edge.url, `${window}&step=hour`, runs);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      quick,
      note: `one decision, ${arms} arm keys in 4 contexts, a row per arm key every minute for 24 h (${rows} arm and κ rows seeded in ${seedSeconds.toFixed(1)} s through recordHistory, the push path's writer, by a bench-only route); latency end to end over loopback with the body read in full; local workerd and this process share the machine`,
      seeded: { arms, minutes, rows, seconds: seedSeconds },
      history: [
        { step: 'minute', ...minute },
        { step: 'hour', ...hour },
      ] satisfies HistoryFigures[],
    };
    const out = options.out ?? resolve(import.meta.dirname, '../../bench/results/history.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    return { result, out };
  } finally {
    await edge.dispose();
  }
}

if (import.meta.main) {
  const { result, out } = await runHistoryBench({ quick: process.argv.includes('--quick') });
  console.log('step    arms  points     bytes        p50 ms');
  for (const r of result.history) {
    console.log(
      `${r.step.padEnd(6)}  ${String(r.arms).padStart(4)}  ${String(r.points).padStart(9)}  ${String(r.bytes).padStart(11)}  ${r.latencyMs.p50.toFixed(1).padStart(8)}`,
    );
  }
  console.log(`wrote ${out}`);
}
