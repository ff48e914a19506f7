// Bytes on the wire per event for visits of the demo (bench/demo-session.ts): binary delta
// batches in format version 3 (what the SDK sends: arms the crowd's priors list go by ref)
// against format versions 2 and 1 (what it sent before), JSON batches (the debugging transport) and one JSON POST per event (the seeds'
// design), all from the same visits in the same run. Body bytes are exact. Request heads
// are counted twice: as HTTP/1.1 text (each request pays its whole head) and as the bytes a
// real HTTP/2 client (node:http2) writes over a loopback connection per visit, where HPACK
// sends repeated headers as table indexes, minus the bodies.
//
//   node --conditions=@crowdbandit/source packages/protocol/bench/wire-bytes.ts
import { once } from 'node:events';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import {
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  encodeBatchJson,
  encodeBatchV1,
  JSON_CONTENT_TYPE,
  type KnownArms,
} from '@crowdbandit/protocol';
import {
  demoFilms,
  type EventKind,
  SESSION_WORKLOAD,
  simulateVisit,
  type Visit,
} from './demo-session.ts';

/** The SDK's default flush interval until it became 60 s. */
const EARLIER_FLUSH_MS = 30_000;

/** A signed client id as the SDK sends it: 22 characters of its own and 16 of signature. */
const CLIENT_ID = 'q3Vd0m_Zt8uJkP2x9LwA-cW1n6HqZ0c9LrT4aE';
const SEED_USER_ID = 48213;
const EDGE_HOST = 'edge.crowdbandit.example';
const ORIGIN = 'https://demo.crowdbandit.example';
const DELTAS_PATH = '/v1/apps/demo/deltas';
const SEED_PATH = '/feedback';
const KEY = 'pk_demo_4f9a2c1e7b3d5a60';

/**
 * The headers Chromium 142 on Linux sends with the SDK's cross-origin `fetch` POST, besides
 * Host, Content-Type, Content-Length and the key (the SDK sets content-type and
 * x-crowdbandit-key; the browser adds the rest).
 */
const BROWSER_HEADERS: readonly (readonly [string, string])[] = [
  ['sec-ch-ua-platform', '"Linux"'],
  [
    'user-agent',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  ],
  ['sec-ch-ua', '"Chromium";v="142", "Google Chrome";v="142", "Not_A Brand";v="99"'],
  ['sec-ch-ua-mobile', '?0'],
  ['accept', '*/*'],
  ['origin', ORIGIN],
  ['sec-fetch-site', 'same-site'],
  ['sec-fetch-mode', 'cors'],
  ['sec-fetch-dest', 'empty'],
  ['referer', `${ORIGIN}/`],
  ['accept-encoding', 'gzip, deflate, br, zstd'],
  ['accept-language', 'en-US,en;q=0.9'],
  ['priority', 'u=1, i'],
];

/** The CORS preflight a visit's first batch needs (custom content type and key header). */
const PREFLIGHT_HEADERS: readonly (readonly [string, string])[] = [
  ['accept', '*/*'],
  ['access-control-request-method', 'POST'],
  ['access-control-request-headers', 'content-type,x-crowdbandit-key'],
  ['origin', ORIGIN],
  ['user-agent', BROWSER_HEADERS[1]![1]],
  ['sec-fetch-mode', 'cors'],
  ['sec-fetch-site', 'same-site'],
  ['sec-fetch-dest', 'empty'],
  ['referer', `${ORIGIN}/`],
  ['accept-encoding', 'gzip, deflate, br, zstd'],
  ['accept-language', 'en-US,en;q=0.9'],
];

interface Request {
  readonly method: 'POST' | 'OPTIONS';
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
}

const utf8 = new TextEncoder();

const armKey = (d: { decision: string; context: string; arm: string }) =>
  `${d.decision}\u0000${d.context}\u0000${d.arm}`;

function post(path: string, contentType: string, body: Uint8Array, key: boolean): Request {
  const own: [string, string][] = [['content-type', contentType]];
  if (key) own.push(['x-crowdbandit-key', KEY]);
  return { method: 'POST', path, headers: [...own, ...BROWSER_HEADERS], body };
}

const preflight = (path: string): Request => ({
  method: 'OPTIONS',
  path,
  headers: PREFLIGHT_HEADERS,
  body: new Uint8Array(0),
});

/** Bytes of the HTTP/1.1 request head (request line, Host, headers, Content-Length). */
export function http1HeadBytes(request: Request): number {
  const lines = [
    `${request.method} ${request.path} HTTP/1.1`,
    `Host: ${EDGE_HOST}`,
    'Connection: keep-alive',
    ...(request.method === 'POST' ? [`Content-Length: ${request.body.length}`] : []),
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return utf8.encode(`${lines.join('\r\n')}\r\n\r\n`).length;
}

/**
 * Bytes an HTTP/2 client writes to send `requests` in order on one new connection (the
 * preface, SETTINGS, HEADERS with HPACK, DATA frames and window updates), measured on the
 * socket against a local h2c server that answers 200 with an empty body.
 */
async function http2Bytes(port: number, requests: readonly Request[]): Promise<number> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const session = http2.connect(`http://${EDGE_HOST}`, { createConnection: () => socket });
  for (const request of requests) {
    const headers: http2.OutgoingHttpHeaders = {
      ':method': request.method,
      ':path': request.path,
      ':scheme': 'https',
      ':authority': EDGE_HOST,
    };
    if (request.method === 'POST') headers['content-length'] = String(request.body.length);
    for (const [name, value] of request.headers) headers[name] = value;
    const stream = session.request(headers, { endStream: request.body.length === 0 });
    if (request.body.length > 0) stream.end(request.body);
    stream.resume();
    await once(stream, 'close');
  }
  const written = socket.bytesWritten;
  session.close();
  await once(session, 'close');
  return written;
}

/** One way of putting the visits' events on the wire. */
export interface DesignFigures {
  readonly design: string;
  readonly requests: number;
  readonly bodyBytes: number;
  readonly bodyPerEvent: number;
  /** Body and HTTP/1.1 request heads per event. */
  readonly totalPerEvent: number;
  /** Body and the HTTP/2 request bytes beyond the bodies per event. */
  readonly http2PerEvent: number;
}

/** What bench/results/wire.json holds (besides the date). */
export interface WireBytesReport {
  readonly workload: typeof SESSION_WORKLOAD & { readonly clientIdLength: number };
  readonly visitors: number;
  readonly events: number;
  readonly eventsByKind: Readonly<Record<EventKind, number>>;
  readonly batches: number;
  readonly deltas: number;
  readonly visitMinutes: number;
  /** Format version 3 (after): what the SDK sends. */
  readonly binary_body_bytes_per_event: number;
  readonly binary_with_http1_heads_per_event: number;
  readonly binary_with_http2_heads_per_event: number;
  /** The share of deltas whose arm went by ref. */
  readonly ref_share: number;
  /** Format version 2 (before), the same batches. */
  readonly binary_v2_body_bytes_per_event: number;
  readonly binary_v2_with_http1_heads_per_event: number;
  readonly binary_v2_with_http2_heads_per_event: number;
  /** Format version 2 sealed every 30 s, the SDK's default before 60 s. */
  readonly binary_body_bytes_per_event_at_30s: number;
  readonly binary_with_http2_heads_per_event_at_30s: number;
  /** Format version 1 (before), the same batches. */
  readonly binary_v1_body_bytes_per_event: number;
  readonly binary_v1_with_http1_heads_per_event: number;
  readonly binary_v1_with_http2_heads_per_event: number;
  /** One JSON POST per event (the seeds' design). */
  readonly json_per_event_body_bytes_per_event: number;
  readonly json_per_event_with_http1_heads_per_event: number;
  readonly json_per_event_with_http2_heads_per_event: number;
  /** Version 3 over version 2, bodies. */
  readonly binary_body_ratio: number;
  /** Version 2 over version 1, bodies. */
  readonly binary_v2_body_ratio: number;
  readonly designs: readonly DesignFigures[];
}

/**
 * Simulates the demo's visits and measures every design on them.
 *
 * @example
 * const report = await measureWireBytes();
 * report.binary_body_bytes_per_event; // body bytes per event, format version 3
 */
export async function measureWireBytes(): Promise<WireBytesReport> {
  const films = demoFilms();
  const visits = Array.from({ length: SESSION_WORKLOAD.visitors }, (_, i) =>
    simulateVisit(films, SESSION_WORKLOAD.seed + i),
  );
  const eventsByKind = {} as Record<EventKind, number>;
  for (const visit of visits) {
    for (const [kind, n] of Object.entries(visit.events) as [EventKind, number][]) {
      eventsByKind[kind] = (eventsByKind[kind] ?? 0) + n;
    }
  }
  const events = Object.values(eventsByKind).reduce((sum, n) => sum + n, 0);
  const sealed = (visit: Visit) =>
    visit.flushes.map(
      (deltas, i): DeltaBatch => ({ clientId: CLIENT_ID, seq: i + 1, deltas: [...deltas] }),
    );
  const batchesOf = visits.map(sealed);
  // What each visitor's priors list: every arm key the visitors before it sent (a crowd of one
  // shard, its snapshot fresh at the visit's start; a ref the shard could not resolve would
  // cost a refusal and a resend, which one shard never has).
  const crowd = new Set<string>();
  const knownTo = batchesOf.map((batches) => {
    const known = new Set(crowd);
    for (const b of batches) for (const d of b.deltas) crowd.add(armKey(d));
    return known;
  });
  let referenced = 0;
  const withRefs = (b: DeltaBatch, known: ReadonlySet<string>) => {
    const isKnown: KnownArms = (decision, context, arm) =>
      known.has(armKey({ decision, context, arm }));
    referenced += b.deltas.filter((d) => isKnown(d.decision, d.context, d.arm)).length;
    return encodeBatch(b, isKnown);
  };
  // The same visits sealed at the SDK's default before 60 s (the same events: sealing does not
  // change what the engine decides).
  const batchesAt30s = Array.from({ length: SESSION_WORKLOAD.visitors }, (_, i) =>
    sealed(simulateVisit(films, SESSION_WORKLOAD.seed + i, EARLIER_FLUSH_MS)),
  );

  // Every design as the requests of each visit.
  const designs: { design: string; visits: Request[][] }[] = [
    {
      design: 'seed: one JSON POST per event',
      visits: visits.map((visit, v) =>
        Object.entries(visit.events).flatMap(([kind, n]) =>
          Array.from({ length: n }, (_, i) =>
            post(
              SEED_PATH,
              JSON_CONTENT_TYPE,
              utf8.encode(
                JSON.stringify({
                  user_id: SEED_USER_ID + v,
                  movie_id: films[(v * 31 + i) % films.length]!.id,
                  feedback_type: kind,
                }),
              ),
              false,
            ),
          ),
        ),
      ),
    },
    {
      design: 'JSON delta batches',
      visits: batchesOf.map((batches) =>
        batches.map((b) =>
          post(DELTAS_PATH, JSON_CONTENT_TYPE, utf8.encode(encodeBatchJson(b)), true),
        ),
      ),
    },
    {
      design: 'binary delta batches, format 1 (first)',
      visits: batchesOf.map((batches) =>
        batches.map((b) => post(DELTAS_PATH, BINARY_CONTENT_TYPE, encodeBatchV1(b), true)),
      ),
    },
    {
      design: 'binary delta batches, format 2 (before)',
      visits: batchesOf.map((batches) =>
        batches.map((b) => post(DELTAS_PATH, BINARY_CONTENT_TYPE, encodeBatch(b), true)),
      ),
    },
    {
      design: "binary delta batches, format 3: the crowd's arms by ref (after)",
      visits: batchesOf.map((batches, v) =>
        batches.map((b) => post(DELTAS_PATH, BINARY_CONTENT_TYPE, withRefs(b, knownTo[v]!), true)),
      ),
    },
    {
      design: `binary delta batches, format 2, sealed every ${EARLIER_FLUSH_MS / 1000} s (the earlier default)`,
      visits: batchesAt30s.map((batches) =>
        batches.map((b) => post(DELTAS_PATH, BINARY_CONTENT_TYPE, encodeBatch(b), true)),
      ),
    },
  ];

  const server = http2.createServer((_, response) => response.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const figures: DesignFigures[] = [];
  try {
    for (const { design, visits: requests } of designs) {
      let bodyBytes = 0;
      let http1 = 0;
      let http2Total = 0;
      let count = 0;
      for (const visit of requests) {
        if (visit.length === 0) continue;
        // Batches carry a custom content type and the key header: the first of a visit
        // waits for a CORS preflight (its answer cached for the rest of the visit).
        const sent = design.startsWith('seed') ? visit : [preflight(visit[0]!.path), ...visit];
        for (const request of sent) {
          bodyBytes += request.body.length;
          http1 += http1HeadBytes(request) + request.body.length;
        }
        count += visit.length;
        http2Total += await http2Bytes(port, sent);
      }
      figures.push({
        design,
        requests: count,
        bodyBytes,
        bodyPerEvent: bodyBytes / events,
        totalPerEvent: http1 / events,
        http2PerEvent: http2Total / events,
      });
    }
  } finally {
    server.close();
  }

  const [seed, , v1, v2, v3, at30s] = figures as [
    DesignFigures,
    DesignFigures,
    DesignFigures,
    DesignFigures,
    DesignFigures,
    DesignFigures,
  ];
  const round = (x: number) => Math.round(x * 100) / 100;
  const deltas = batchesOf.reduce(
    (sum, b) => sum + b.reduce((n, batch) => n + batch.deltas.length, 0),
    0,
  );
  return {
    workload: { ...SESSION_WORKLOAD, clientIdLength: CLIENT_ID.length },
    visitors: visits.length,
    events,
    eventsByKind,
    batches: batchesOf.reduce((sum, b) => sum + b.length, 0),
    deltas,
    visitMinutes: round(visits.reduce((sum, v) => sum + v.durationMs, 0) / visits.length / 60_000),
    binary_body_bytes_per_event: round(v3.bodyPerEvent),
    binary_with_http1_heads_per_event: round(v3.totalPerEvent),
    binary_with_http2_heads_per_event: round(v3.http2PerEvent),
    ref_share: round(referenced / deltas),
    binary_v2_body_bytes_per_event: round(v2.bodyPerEvent),
    binary_v2_with_http1_heads_per_event: round(v2.totalPerEvent),
    binary_v2_with_http2_heads_per_event: round(v2.http2PerEvent),
    binary_body_bytes_per_event_at_30s: round(at30s.bodyPerEvent),
    binary_with_http2_heads_per_event_at_30s: round(at30s.http2PerEvent),
    binary_v1_body_bytes_per_event: round(v1.bodyPerEvent),
    binary_v1_with_http1_heads_per_event: round(v1.totalPerEvent),
    binary_v1_with_http2_heads_per_event: round(v1.http2PerEvent),
    json_per_event_body_bytes_per_event: round(seed.bodyPerEvent),
    json_per_event_with_http1_heads_per_event: round(seed.totalPerEvent),
    json_per_event_with_http2_heads_per_event: round(seed.http2PerEvent),
    binary_body_ratio: round(v3.bodyBytes / v2.bodyBytes),
    binary_v2_body_ratio: round(v2.bodyBytes / v1.bodyBytes),
    designs: figures.map((f) => ({
      ...f,
      bodyPerEvent: round(f.bodyPerEvent),
      totalPerEvent: round(f.totalPerEvent),
      http2PerEvent: round(f.http2PerEvent),
    })),
  };
}

if (import.meta.main) {
  const report = await measureWireBytes();
  console.log(
    `${report.visitors} visits of the demo (${report.visitMinutes} min on average), ${report.events} events ` +
      `(${Object.entries(report.eventsByKind)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}), ` +
      `flushed every ${SESSION_WORKLOAD.flushIntervalMs / 1000} s: ${report.batches} batches, ${report.deltas} deltas\n`,
  );
  const header = ['design', 'requests', 'body B/event', '+ HTTP/1.1 heads', '+ HTTP/2 heads'];
  const rows = report.designs.map((d) => [
    d.design,
    String(d.requests),
    d.bodyPerEvent.toFixed(1),
    d.totalPerEvent.toFixed(1),
    d.http2PerEvent.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) {
    console.log(
      row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '),
    );
  }
  console.log(
    `\nformat 3 ÷ format 2, bodies: ${report.binary_body_ratio} (${Math.round(report.ref_share * 100)}% of deltas by ref); format 2 ÷ format 1: ${report.binary_v2_body_ratio}`,
  );
}
