import { figure } from '../format.ts';
import { kb, markdownTable } from './markdown.ts';
import { edgeCostLines, firstDecisionLines } from './perf-tables.ts';
import type {
  ClientSizeResult,
  CoreResult,
  EdgeResult,
  HistoryResult,
  PeersResult,
  SdkResult,
  WireResult,
} from './result-types.ts';
import { type SectionContext, section } from './section-context.ts';

const ms = (x: number) => `${x.toFixed(2)} ms`;

/**
 * The performance sections of BENCHMARKS.md: bundle sizes against the peers, the core
 * engine, the SDK in Chromium, edge ingestion and the wire protocol.
 *
 * @example
 * lines.push(...performanceSections(context));
 */
export function performanceSections(ctx: SectionContext): string[] {
  const { json, stale, chart } = ctx;
  const lines: string[] = [];
  const sdk = json<SdkResult>('sdk.json');
  const peers = json<PeersResult>('peers.json');
  lines.push(
    ...section('Browser bundle size: crowdbandit and peer SDKs', () => {
      const rows: string[][] = [];
      if (sdk !== null) {
        const b = sdk.bundles;
        const lazy = [
          ["the worker's sync chunk", '(edge, outbox, protocol; on demand)', b.workerSync],
          ["the worker's interval chunk", '(explain: true, posterior)', b.workerIntervals],
          ["the worker's memory store", '(in the background)', b.workerMemoryStore],
        ] as const;
        const sum = (key: 'minified' | 'gzip' | 'brotli') =>
          b.main[key] + b.worker[key] + lazy.reduce((total, [, , c]) => total + (c?.[key] ?? 0), 0);
        const parts = [
          ['main thread, up front', 'createClient', b.main],
          ['main thread, its own code', "(less Vite's preload helper)", b.mainOwnCode],
          ['its module worker', '(engine, storage)', b.worker],
          ...lazy,
        ] as const;
        for (const [name, what, bundle] of parts) {
          if (bundle === undefined) continue;
          const sizes = [kb(bundle.minified), kb(bundle.gzip), kb(bundle.brotli)];
          rows.push([`@crowdbandit/sdk — ${name}`, what, ...sizes]);
        }
        rows.push([
          '**@crowdbandit/sdk — total**',
          '',
          kb(sum('minified')),
          kb(sum('gzip')),
          `**${kb(sum('brotli'))}**`,
        ]);
      } else
        rows.push([
          '@crowdbandit/sdk',
          'not available: bench/results/sdk.json is missing',
          '',
          '',
          '',
        ]);
      for (const p of peers?.peers ?? []) {
        rows.push(
          p.size === null
            ? [
                `${p.name}${p.version === null ? '' : ` ${p.version}`}`,
                `not measured: ${p.error ?? ''}`,
                '',
                '',
                '',
              ]
            : [
                `${p.name} ${p.version}`,
                p.api,
                kb(p.size.total.minified),
                kb(p.size.total.gzip),
                kb(p.size.total.brotli),
              ],
        );
      }
      return [
        ...stale('sdk', sdk?.date),
        ...stale('peers', peers?.date),
        'Production Vite (rolldown) builds, minified, each chunk compressed with node:zlib (gzip level 9, brotli quality 11) and summed. ' +
          "Chunks name the chunks they load with a hash of their content, and brotli's output moves with those hashes (our worker's entry measured 14,287–14,337 bytes over 101 random sets, for the same code), so gzip and brotli are medians over 11 fixed sets of random hashes: the same code always measures the same (`packages/sdk/bench/compressed-size.ts`). " +
          'Ours is measured by `packages/sdk/bench/bundle-size.ts`; each peer by an entry that imports its client API, built and measured the same way ' +
          '(`apps/lab/src/bench/bundle-size.ts`). Our SDK loads a small main-thread client up front and its engine in a module worker, which loads its sync code only when the client has an endpoint (after it can answer from local state), its interval math only for explanations and its memory store in the background; the peers load everything on the main thread.',
        '',
        markdownTable(['bundle', 'entry imports', 'minified', 'gzip', 'brotli'], rows, [
          'left',
          'left',
          'right',
          'right',
          'right',
        ]),
        '',
        ...chart('bundles', 'Bundle sizes, brotli'),
      ];
    }),
  );

  const core = json<CoreResult>('core.json');
  lines.push(
    ...section('Core engine', () => {
      if (core === null) return ['Not available: bench/results/core.json is missing.', ''];
      const b = core.beta_samples_per_sec;
      return [
        ...stale('core', core.date),
        `\`packages/core/bench/core.ts\`, one thread${core.quick ? ', quick mode' : ''}.`,
        '',
        markdownTable(
          ['measurement', 'value'],
          [
            ['Beta draws / s, crowdbandit', `${(b.crowdbandit / 1e6).toFixed(1)} M`],
            [
              'Beta draws / s, @stdlib/random-base-beta',
              `${(b.stdlib / 1e6).toFixed(1)} M (${(b.crowdbandit / b.stdlib).toFixed(1)}× slower)`,
            ],
            [
              'Beta draws / s, jstat',
              `${(b.jstat / 1e6).toFixed(1)} M (${(b.crowdbandit / b.jstat).toFixed(1)}× slower)`,
            ],
            ...(['1k', '10k'] as const).flatMap((size) => [
              [
                `rank ${size} → top 20, prepared catalog, p50 / p90`,
                `${ms(core.rank_catalog_ms[size].p50)} / ${ms(core.rank_catalog_ms[size].p90)}`,
              ],
              [
                `rank ${size} → top 20, plain array, p50 / p90`,
                `${ms(core.rank_ms[size].p50)} / ${ms(core.rank_ms[size].p90)}`,
              ],
              [`plain Beta draw + heap over ${size}, p50`, ms(core.rank_reference_ms[size].p50)],
            ]),
          ],
        ),
        '',
        ...chart('core-beta', 'Beta draws per second'),
        ...chart('core-rank', 'rank latency'),
      ];
    }),
  );

  lines.push(
    ...section('SDK in Chromium', () => {
      if (sdk === null)
        return [
          'Not available: bench/results/sdk.json is missing (the SDK benchmark did not run).',
          '',
        ];
      const l = sdk.latency_ms ?? {};
      const rows = Object.entries(l)
        .filter(([, v]) => typeof v === 'object' && v !== null && 'p50' in v)
        .map(([name, v]) => {
          const q = v as { p50: number; p90: number; runs?: number };
          return [
            name.replaceAll('_', ' '),
            `${ms(q.p50)} / ${ms(q.p90)}`,
            q.runs === undefined ? '' : String(q.runs),
          ];
        });
      const about = Object.entries(l)
        .filter(([, v]) => typeof v !== 'object')
        .map(([k, v]) => `${k} ${String(v)}`)
        .join(', ');
      return [
        ...stale('sdk', sdk.date),
        `\`packages/sdk/bench/sdk.ts\`: main-thread round trips through the SDK${about.length > 0 ? ` (${about})` : ''}.`,
        '',
        markdownTable(['call', 'p50 / p90', 'runs'], rows),
        '',
        ...firstDecisionLines(sdk),
        ...chart('first-decision', 'From createClient to the first rank, before and after'),
      ];
    }),
  );

  const edge = json<EdgeResult>('edge.json');
  lines.push(
    ...section('Edge ingestion', () => {
      if (edge === null) return ['Not available: bench/results/edge.json is missing.', ''];
      return [
        ...stale('edge', edge.date),
        `\`worker/bench/load.ts\`: local workerd on loopback${edge.quick ? ', quick mode' : ''}; ${edge.note ?? ''}`,
        '',
        markdownTable(
          ['shards', 'body', 'clients', 'batches/s', 'events/s', 'p50', 'p99', 'errors'],
          edge.runs.map((r) => [
            String(r.shards),
            r.form,
            String(r.clients),
            figure(r.batchesPerSec),
            figure(r.eventsPerSec),
            `${r.latencyMs.p50.toFixed(0)} ms`,
            `${r.latencyMs.p99.toFixed(0)} ms`,
            String(r.errors),
          ]),
        ),
        '',
        ...chart('edge', 'Edge ingestion'),
        ...edgeCostLines(edge),
        ...(edge.cost === undefined ? [] : chart('edge-cost', 'Cost per million events')),
      ];
    }),
  );

  const history = json<HistoryResult>('history.json');
  lines.push(
    ...section('Edge history', () => {
      if (history === null) return ['Not available: bench/results/history.json is missing.', ''];
      return [
        ...stale('history', history.date),
        `\`worker/bench/history.ts\`: \`GET /v1/apps/:app/history\` for one decision of ${figure(history.seeded.arms)} arm keys with a row per arm key every minute for ${figure(history.seeded.minutes / 60)} h (${figure(history.seeded.rows)} rows), in local workerd over loopback, the body read in full${history.quick ? '; quick mode' : ''}.`,
        '',
        markdownTable(
          ['step', 'points', 'response', 'p50', 'min – max', 'requests'],
          history.history.map((h) => [
            h.step,
            figure(h.points),
            h.bytes >= 1e6 ? `${(h.bytes / 1e6).toFixed(1)} MB` : kb(h.bytes),
            `${h.latencyMs.p50.toFixed(0)} ms`,
            `${h.latencyMs.min.toFixed(0)} – ${h.latencyMs.max.toFixed(0)} ms`,
            String(h.requests),
          ]),
        ),
        '',
      ];
    }),
  );

  const wire = json<WireResult>('wire.json');
  const clientSize = json<ClientSizeResult>('client-size.json');
  lines.push(
    ...section('Wire protocol', () => [
      ...stale('wire', wire?.date),
      ...(wire === null
        ? ['Bytes on the wire: not available.', '']
        : [...wireLines(wire), ...chart('wire', 'Bytes per event, formats 1, 2 and 3')]),
      ...stale('client-size', clientSize?.date),
      ...(clientSize === null
        ? ['Client entry size: not available.', '']
        : [
            '`packages/protocol/bench/client-size.ts`: what `@crowdbandit/protocol/client` costs a browser bundle.',
            '',
            markdownTable(
              ['variant', 'minified', 'gzip', 'brotli'],
              clientSize.sizes.map((s) => [s.variant, kb(s.minified), kb(s.gzip), kb(s.brotli)]),
            ),
            '',
          ]),
    ]),
  );

  return lines;
}

function wireLines(wire: WireResult): string[] {
  const table = markdownTable(
    ['design', 'requests', 'body B / event', '+ HTTP/2 heads', '+ HTTP/1.1 heads'],
    wire.designs.map((d) => [
      d.design,
      figure(d.requests),
      d.bodyPerEvent.toFixed(1),
      d.http2PerEvent === undefined ? '–' : d.http2PerEvent.toFixed(1),
      d.totalPerEvent.toFixed(1),
    ]),
  );
  if (wire.binary_body_bytes_per_event === undefined || wire.visitors === undefined) {
    return [
      `\`packages/protocol/bench/wire-bytes.ts\`: ${figure(wire.events)} feedback events; request heads estimated (HTTP/1.1).`,
      '',
      table,
      '',
    ];
  }
  const kinds = Object.entries(wire.eventsByKind ?? {})
    .map(([kind, n]) => `${figure(n)} ${kind}`)
    .join(', ');
  const after = wire.binary_body_bytes_per_event;
  const first = wire.binary_v1_body_bytes_per_event ?? Number.NaN;
  const before = wire.binary_v2_body_bytes_per_event;
  const met =
    after <= 10 && (wire.binary_with_http2_heads_per_event ?? Number.POSITIVE_INFINITY) <= 14;
  const verdict =
    before === undefined
      ? `Binary body: **${after.toFixed(1)} B/event in format 2** against ${first.toFixed(1)} in format 1 (×${(after / first).toFixed(2)}); with request heads over HTTP/2 ${wire.binary_with_http2_heads_per_event?.toFixed(1)} against ${wire.binary_v1_with_http2_heads_per_event?.toFixed(1)}. The target (≤ 10 body, ≤ 14 with heads) is ${met ? 'met' : 'not met'}: the arm ids are ~20-character slugs and most events are first impressions of a film, one delta each, so most of a body is arm ids (packed at about 4.6 bits a character).`
      : `Binary body: **${after.toFixed(1)} B/event in format 3**, the SDK's (×${(after / before).toFixed(2)} of format 2's ${before.toFixed(1)}, ×${(after / first).toFixed(2)} of format 1's ${first.toFixed(1)}); with request heads over HTTP/2 **${wire.binary_with_http2_heads_per_event?.toFixed(1)}** against ${wire.binary_v2_with_http2_heads_per_event?.toFixed(1)} in format 2. The target (≤ 10 body, ≤ 14 with heads) is ${met ? 'met' : 'not met'}. Format 3 sends an arm the crowd's priors list as a 4-byte ref instead of its id (a ~20-character slug, about 12 bytes packed): here ${Math.round((wire.ref_share ?? 0) * 100)}% of deltas, each visitor's priors listing every arm key the visitors before it sent (one shard, so every ref resolves). The first visitors of a new app, whose priors list little, send close to format 2.`;
  return [
    `\`packages/protocol/bench/wire-bytes.ts\`: ${figure(wire.visitors)} simulated visits of the demo (${wire.visitMinutes} min on average; the real engine over the demo's film catalog, arm ids such as \`the-godfather-1972\`), ${figure(wire.events)} events (${kinds}), sealed as the SDK seals them every ${figure((wire.workload?.flushIntervalMs ?? 30_000) / 1000)} s (its default): ${figure(wire.batches ?? 0)} batches of ${figure(wire.deltas ?? 0)} deltas. All designs carry the same visits in the same run${wire.designs.some((d) => d.design.includes('earlier default')) ? '; the last one seals them as the SDK did by default before, every 30 s' : ''}.`,
    '',
    verdict,
    '',
    table,
    '',
    "HTTP/2: the bytes a node:http2 client writes on one loopback connection per visit (preface, SETTINGS, HPACK-compressed HEADERS, DATA frames) beyond the bodies, with the headers Chromium sends on the SDK's cross-origin fetch and one CORS preflight per visit; HTTP/1.1: the same heads as text on every request. Not counted: responses, TLS records, TCP/IP.",
    '',
  ];
}
