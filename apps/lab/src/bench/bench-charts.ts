import { barChart } from '../charts/bar-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import type {
  CoreResult,
  EdgeResult,
  FirstDecision,
  PeersResult,
  SdkResult,
  WireResult,
} from './result-types.ts';

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;

/**
 * Brotli KB of our SDK (up front and with its worker) beside each peer's bundle.
 *
 * @example
 * writeFileSync('bundles.svg', await bundlesChart(sdk, peers));
 */
export async function bundlesChart(
  sdk: SdkResult | null,
  peers: PeersResult | null,
): Promise<string> {
  const bars: { group: string; series: string; value: number }[] = [];
  if (sdk !== null) {
    bars.push({
      group: '@crowdbandit/sdk',
      series: 'loaded up front',
      value: kb(sdk.bundles.main.brotli),
    });
    bars.push({
      group: '@crowdbandit/sdk',
      series: 'total (with its worker)',
      value: kb(
        [
          sdk.bundles.main,
          sdk.bundles.worker,
          sdk.bundles.workerSync,
          sdk.bundles.workerIntervals,
          sdk.bundles.workerMemoryStore,
        ].reduce((total, bundle) => total + (bundle?.brotli ?? 0), 0),
      ),
    });
  }
  for (const p of peers?.peers ?? []) {
    if (p.size === null) continue;
    const name = p.name
      .replace('-js-client-sdk', '')
      .replace('/js-client', '')
      .replace('/optimizely-sdk', '/…');
    bars.push({ group: name, series: 'loaded up front', value: kb(p.size.upFront.brotli) });
    bars.push({ group: name, series: 'total (with its worker)', value: kb(p.size.total.brotli) });
  }
  return renderSvg(
    barChart({
      title: 'Browser SDK size, brotli',
      subtitle: 'production Vite build of an entry importing each client API; KB = 1,024 bytes',
      yTitle: 'KB (brotli, quality 11)',
      bars,
      label: (bar) => bar.value.toFixed(1),
      width: 560,
    }),
  );
}

/**
 * Beta draws per second, ours vs the reference samplers.
 *
 * @example
 * writeFileSync('core-beta.svg', await betaChart(core));
 */
export async function betaChart(core: CoreResult): Promise<string> {
  const b = core.beta_samples_per_sec;
  return renderSvg(
    barChart({
      title: 'Beta draws per second (one thread)',
      yTitle: 'million draws / s',
      bars: [
        { group: 'crowdbandit', series: 'draws', value: b.crowdbandit / 1e6 },
        { group: '@stdlib/random-base-beta', series: 'draws', value: b.stdlib / 1e6 },
        { group: 'jstat', series: 'draws', value: b.jstat / 1e6 },
      ],
      label: (bar) => bar.value.toFixed(1),
      width: 420,
    }),
  );
}

/**
 * Median rank latency for 1k and 10k candidates.
 *
 * @example
 * writeFileSync('core-rank.svg', await rankChart(core));
 */
export async function rankChart(core: CoreResult): Promise<string> {
  const bars = (['1k', '10k'] as const).flatMap((size) => [
    {
      group: `${size} → top 20`,
      series: 'prepared catalog',
      value: core.rank_catalog_ms[size].p50,
    },
    { group: `${size} → top 20`, series: 'plain array', value: core.rank_ms[size].p50 },
    {
      group: `${size} → top 20`,
      series: 'Beta draw + heap only',
      value: core.rank_reference_ms[size].p50,
    },
  ]);
  return renderSvg(
    barChart({
      title: 'rank() latency, median',
      yTitle: 'ms (p50)',
      bars,
      label: (bar) => bar.value.toFixed(2),
    }),
  );
}

/**
 * Edge ingestion throughput per shard count and body form.
 *
 * @example
 * writeFileSync('edge.svg', await edgeChart(edge));
 */
export async function edgeChart(edge: EdgeResult): Promise<string> {
  return renderSvg(
    barChart({
      title: 'Edge ingestion, local workerd on 2 cores',
      yTitle: 'batches / s (50 events each)',
      bars: edge.runs.map((r) => ({
        group: `${r.shards} shard${r.shards === 1 ? '' : 's'}`,
        series: r.form,
        value: r.batchesPerSec,
      })),
      label: (bar) => bar.value.toFixed(0),
    }),
  );
}

/**
 * Bytes per event of the binary batches, formats 1, 2 and (where measured) 3: the body, and
 * with request heads over HTTP/2. Null for results without formats 1 and 2.
 *
 * @example
 * const svg = wireChart(wire);
 * if (svg !== null) writeFileSync('wire.svg', await svg);
 */
export function wireChart(wire: WireResult): Promise<string> | null {
  const v1 = wire.designs.find((d) => d.design.includes('format 1'));
  const v2 = wire.designs.find((d) => d.design.includes('format 2'));
  const v3 = wire.designs.find((d) => d.design.includes('format 3'));
  if (v1 === undefined || v2 === undefined) return null;
  const series =
    v3 === undefined
      ? [
          { design: v1, series: 'format 1 (before)' },
          { design: v2, series: 'format 2 (after)' },
        ]
      : [
          { design: v1, series: 'format 1' },
          { design: v2, series: 'format 2 (before)' },
          { design: v3, series: 'format 3, refs (after)' },
        ];
  const bars = series.flatMap(({ design, series }) => [
    { group: 'body', series, value: design.bodyPerEvent },
    { group: 'with HTTP/2 heads', series, value: design.http2PerEvent ?? 0 },
  ]);
  return renderSvg(
    barChart({
      title: 'Binary delta batches: bytes per event',
      subtitle: `${wire.visitors ?? ''} simulated demo visits, sealed every ${(wire.workload?.flushIntervalMs ?? 30_000) / 1000} s; target ≤ 10 body, ≤ 14 with heads`,
      yTitle: 'bytes / event',
      bars,
      label: (bar) => bar.value.toFixed(1),
      width: 480,
    }),
  );
}

/**
 * Time to the first decision, p50, before the startup work against after it (and after it
 * with preload()), cold and warm. Null without both results.
 *
 * @example
 * const svg = firstDecisionChart(sdk);
 * if (svg !== null) writeFileSync('first-decision.svg', await svg);
 */
export function firstDecisionChart(sdk: SdkResult): Promise<string> | null {
  const before = sdk.first_decision_ms_before;
  const after = sdk.first_decision_ms;
  if (before === undefined || after === undefined) return null;
  const series: [string, FirstDecision | FirstDecision['preload'] | undefined][] = [
    ['before', before],
    ['after', after],
    ['after, with preload()', after.preload],
  ];
  const bars = series.flatMap(([name, result]) =>
    result === undefined
      ? []
      : (['cold', 'warm'] as const).map((visit) => ({
          group: `${visit} (target ≤ ${visit === 'cold' ? 150 : 50} ms)`,
          series: name,
          value: result[visit].p50,
        })),
  );
  return renderSvg(
    barChart({
      title: 'From createClient to the first rank, p50',
      subtitle: `Chromium ${after.chromium}, the demo's ${after.films} films, production build`,
      yTitle: 'ms',
      bars,
      label: (bar) => bar.value.toFixed(0),
      width: 520,
    }),
  );
}

/**
 * What a million feedback events cost at the edge per shard count, before the cost cuts
 * against after them (log scale). Null without both runs.
 *
 * @example
 * const svg = edgeCostChart(edge);
 * if (svg !== null) writeFileSync('edge-cost.svg', await svg);
 */
export function edgeCostChart(edge: EdgeResult): Promise<string> | null {
  const { cost, cost_before: before } = edge;
  if (cost === undefined || before === undefined) return null;
  const earlier = cost.earlierFlush;
  const bars = [
    { runs: before.runs, series: `before (${before.eventsPerBatch} events / batch)` },
    ...(earlier === undefined
      ? []
      : [{ runs: earlier.runs, series: `after (${earlier.eventsPerBatch} events / batch)` }]),
    { runs: cost.runs, series: `after (${cost.eventsPerBatch} events / batch)` },
  ].flatMap(({ runs, series }) =>
    runs.map((r) => ({
      group: `${r.shards} shard${r.shards === 1 ? '' : 's'}`,
      series,
      value: r.usdPerMillionEvents.total,
    })),
  );
  return renderSvg(
    barChart({
      title: 'What a million feedback events cost at the edge',
      subtitle: `Workers Paid list prices of ${cost.prices.date}, metered in local workerd; target ≤ $0.05`,
      yTitle: 'USD per million events (log)',
      yLog: true,
      bars,
      label: (bar) => `$${bar.value < 0.1 ? bar.value.toFixed(3) : bar.value.toFixed(2)}`,
      width: 560,
    }),
  );
}
