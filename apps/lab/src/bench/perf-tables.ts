// Internal: the tables of BENCHMARKS.md's performance sections that compare before with
// after: what a million events cost at the edge, and the SDK's first decision.
import { figure } from '../format.ts';
import { markdownTable } from './markdown.ts';
import type {
  EdgeResult,
  FirstDecision,
  FirstDecisionCase,
  Quantiles,
  SdkResult,
} from './result-types.ts';

/** The metered cost: per 1,000 events and per million, before the cuts and after. */
export function edgeCostLines(edge: EdgeResult): string[] {
  const { cost, cost_before: before } = edge;
  if (cost === undefined) return [];
  const usd = (x: number) => `$${x < 1 ? x.toFixed(3) : x.toFixed(2)}`;
  const n = (x: number | undefined) => (x === undefined ? '–' : figure(Math.round(x * 10) / 10));
  const earlier = cost.earlierFlush;
  const rows = [
    ...(before === undefined ? [] : before.runs.map((r) => ({ r, when: 'before' }))),
    ...(earlier === undefined
      ? []
      : earlier.runs.map((r) => ({ r, when: `after, ${earlier.eventsPerBatch}-event batches` }))),
    ...cost.runs.map((r) => ({
      r,
      when: earlier === undefined ? 'after' : `after, ${cost.eventsPerBatch}-event batches`,
    })),
  ].map(({ r, when }) => [
    when,
    String(r.shards),
    n(r.per1000Events.workerRequests),
    n(r.per1000Events.doRequests),
    n(r.per1000Events.rowsRead),
    n(r.per1000Events.rowsWritten),
    n(r.per1000Events.alarms),
    `**${usd(r.usdPerMillionEvents.total)}**`,
  ]);
  const p = cost.prices;
  return [
    `**What it costs** (\`worker/bench/cost.ts\`, in \`npm run bench:edge\`): a metered build of the edge counts every Worker request, Durable Object request (RPC calls and alarms), SQLite row read and written (each cursor's \`rowsRead\` / \`rowsWritten\`) and WebSocket message while ${figure(cost.runs[0]?.clients ?? 0)} clients send ${cost.eventsPerBatch}-event batches (${earlier === undefined ? '' : `a demo visit sealed at the SDK's default 60 s flush; ${earlier.eventsPerBatch}-event batches at its earlier 30 s; `}${before === undefined ? '' : `${before.eventsPerBatch} in the first metered run, before the cuts; `}each visitor first obtains a signed id from an address of its own), priced at the Workers Paid list prices of ${p.date} (requests $${p.workerRequestPerMillion}/M, DO requests $${p.doRequestPerMillion}/M, rows read $${p.rowsReadPerMillion}/M, rows written $${p.rowsWrittenPerMillion}/M; see worker/README.md, "What it costs"). Target: ≤ $0.05 per million events.`,
    '',
    markdownTable(
      [
        '',
        'shards',
        'Worker requests',
        'DO requests',
        'rows read',
        'rows written',
        'alarms',
        'USD / M events',
      ],
      rows,
    ),
    '',
    `Counts are per 1,000 feedback events.${
      before !== undefined && before.eventsPerBatch !== cost.eventsPerBatch
        ? ` The before rows are the first metered run: ${before.eventsPerBatch}-event batches, and setAlarm and the issuance limiter's rows not yet priced; worker/README.md has the code before the cuts under the workload and accounting of the after rows.`
        : ''
    }`,
    '',
  ];
}

/** The first-decision table: before the startup work, after it, and with preload(). */
export function firstDecisionLines(sdk: SdkResult): string[] {
  const after = sdk.first_decision_ms;
  if (after === undefined) return [];
  const before = sdk.first_decision_ms_before;
  const q = (x: Quantiles) => `${x.p50.toFixed(0)} / ${x.p90.toFixed(0)} ms`;
  const step = (c: FirstDecisionCase, name: string) => {
    const x = c.breakdown[name];
    return x === undefined ? '–' : q(x);
  };
  const rows: [string, FirstDecision | FirstDecision['preload'] | undefined][] = [
    ['before', JSON.stringify(before) === JSON.stringify(after) ? undefined : before],
    ['after', after],
    ['after, `preload()` first thing', after.preload],
  ];
  return [
    `**First decision** (\`packages/sdk/bench/first-decision.ts\`): from \`createClient\` to the resolved first \`rank('home-feed', 'films')\` on the demo's ${figure(after.films)} films, production build in Chromium ${after.chromium}, p50 / p90 over ${after.cold.runs} visits each. Cold: a fresh profile (no IndexedDB, no HTTP cache); warm: a reload after a visit that left evidence. The page creates its client once loaded; with \`preload()\` it started the worker first thing. Targets: cold ≤ 150 ms, warm ≤ 50 ms (p50).`,
    '',
    markdownTable(
      ['', 'visit', 'total', 'worker, storage, catalog', 'first rank'],
      rows.flatMap(([name, result]) =>
        result === undefined
          ? []
          : (['cold', 'warm'] as const).map((visit) => [
              name,
              visit,
              `**${q(result[visit])}**`,
              step(result[visit], 'worker_start_storage_catalog'),
              step(result[visit], 'first_rank'),
            ]),
      ),
    ),
    '',
  ];
}
