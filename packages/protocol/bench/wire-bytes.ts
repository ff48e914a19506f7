// Bytes on the wire per feedback event: delta batches (JSON and binary) against the seed
// design of one JSON POST per event. Body bytes are exact; the HTTP request overhead is an
// estimate from the explicit request heads below (HTTP/1.1, no response bytes counted).
//
//   node --conditions=@crowdbandit/source packages/protocol/bench/wire-bytes.ts
import {
  BINARY_CONTENT_TYPE,
  type Delta,
  type DeltaBatch,
  encodeBatch,
  encodeBatchJson,
  JSON_CONTENT_TYPE,
  mergeDeltas,
} from '@crowdbandit/protocol';

/** The standard workload. */
export const WORKLOAD = {
  events: 1000,
  flushEvery: 50,
  decision: 'home-feed',
  contexts: [
    'timeOfDay=morning;dayType=weekday',
    'timeOfDay=evening;dayType=weekday',
    'timeOfDay=morning;dayType=weekend',
    'timeOfDay=evening;dayType=weekend',
  ],
  moviesPerContext: 50,
  /** Share of each event type; rewards as in DESIGN.md (bookmark has weight 2). */
  mix: [
    { type: 'like', share: 0.4, s: 1, f: 0 },
    { type: 'dislike', share: 0.2, s: 0, f: 1 },
    { type: 'click', share: 0.3, s: 1, f: 0 },
    { type: 'bookmark', share: 0.1, s: 2, f: 0 },
  ],
  clientId: 'V1StGXR8_Z5jdHi6B-myTq',
  seedUserId: 48213,
  seed: 0x5eed,
} as const;

/**
 * Request-head lines a browser sends with every POST besides the request line and
 * Content-Length (typical of a Chromium fetch, without the sec-ch-ua and sec-fetch-*
 * hints, which would add about 300 bytes more to each design).
 */
const COMMON_HEADERS = [
  'Host: edge.crowdbandit.example',
  'Origin: https://movies.example',
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  'Accept: */*',
  'Accept-Encoding: gzip, deflate, br, zstd',
  'Accept-Language: en-US,en;q=0.9',
];

/** The publishable key the edge needs for writes (the seed endpoint took none). */
const KEY_HEADER = 'Authorization: Bearer pk_movies_4f9a2c1e7b3d5a60';

const DELTAS_PATH = '/v1/apps/movies/deltas';
const SEED_PATH = '/feedback';

/** Bytes of an HTTP/1.1 request head for a POST of `bodyBytes`. */
export function requestHeadBytes(
  path: string,
  contentType: string,
  bodyBytes: number,
  extra: string[],
): number {
  const lines = [
    `POST ${path} HTTP/1.1`,
    ...COMMON_HEADERS,
    ...extra,
    `Content-Type: ${contentType}`,
    `Content-Length: ${bodyBytes}`,
  ];
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n\r\n`).length;
}

export interface DesignFigures {
  readonly design: string;
  readonly requests: number;
  readonly bodyBytes: number;
  readonly headBytes: number;
  readonly bodyPerEvent: number;
  readonly totalPerEvent: number;
}

export interface WireBytesReport {
  readonly events: number;
  readonly armKeys: number;
  readonly batches: number;
  readonly deltas: number;
  readonly designs: readonly DesignFigures[];
}

/** sfc32: a small seeded generator, so every run sees the same workload. */
function random(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

interface FeedbackEvent {
  readonly context: string;
  readonly movie: number;
  readonly type: string;
  readonly s: number;
  readonly f: number;
}

function workload(): { events: FeedbackEvent[]; armKeys: number } {
  const next = random(WORKLOAD.seed);
  const movies = new Set<number>();
  while (movies.size < WORKLOAD.moviesPerContext) movies.add(1000 + Math.floor(next() * 9000));
  const movieIds = [...movies];
  const keys = WORKLOAD.contexts.flatMap((context) =>
    movieIds.map((movie) => ({ context, movie })),
  );
  const events = Array.from({ length: WORKLOAD.events }, () => {
    const key = keys[Math.floor(next() * keys.length)]!;
    const roll = next();
    let cumulative = 0;
    const kind =
      WORKLOAD.mix.find((k) => {
        cumulative += k.share;
        return roll < cumulative;
      }) ?? WORKLOAD.mix[0];
    return { ...key, type: kind.type, s: kind.s, f: kind.f };
  });
  return { events, armKeys: keys.length };
}

/**
 * Runs the standard workload through every design.
 *
 * @example
 * const { designs } = measureWireBytes();
 */
export function measureWireBytes(): WireBytesReport {
  const { events, armKeys } = workload();
  const batches: DeltaBatch[] = [];
  for (let i = 0; i < events.length; i += WORKLOAD.flushEvery) {
    const deltas = events.slice(i, i + WORKLOAD.flushEvery).map(
      (event): Delta => ({
        decision: WORKLOAD.decision,
        context: event.context,
        arm: `movie-${event.movie}`,
        s: event.s,
        f: event.f,
      }),
    );
    batches.push({
      clientId: WORKLOAD.clientId,
      seq: batches.length + 1,
      deltas: mergeDeltas(deltas),
    });
  }
  const utf8 = new TextEncoder();

  const seedBodies = events.map((event) =>
    utf8.encode(
      JSON.stringify({
        user_id: WORKLOAD.seedUserId,
        movie_id: event.movie,
        feedback_type: event.s > 0 ? 'like' : 'dislike',
      }),
    ),
  );
  const jsonBodies = batches.map((batch) => utf8.encode(encodeBatchJson(batch)));
  const binaryBodies = batches.map((batch) => encodeBatch(batch));

  const figures = (
    design: string,
    bodies: Uint8Array[],
    head: (bytes: number) => number,
  ): DesignFigures => {
    const bodyBytes = bodies.reduce((sum, body) => sum + body.length, 0);
    const headBytes = bodies.reduce((sum, body) => sum + head(body.length), 0);
    return {
      design,
      requests: bodies.length,
      bodyBytes,
      headBytes,
      bodyPerEvent: bodyBytes / events.length,
      totalPerEvent: (bodyBytes + headBytes) / events.length,
    };
  };
  return {
    events: events.length,
    armKeys,
    batches: batches.length,
    deltas: batches.reduce((sum, batch) => sum + batch.deltas.length, 0),
    designs: [
      figures('seed: POST /feedback per event', seedBodies, (n) =>
        requestHeadBytes(SEED_PATH, JSON_CONTENT_TYPE, n, []),
      ),
      figures('JSON delta batches', jsonBodies, (n) =>
        requestHeadBytes(DELTAS_PATH, JSON_CONTENT_TYPE, n, [KEY_HEADER]),
      ),
      figures('binary delta batches', binaryBodies, (n) =>
        requestHeadBytes(DELTAS_PATH, BINARY_CONTENT_TYPE, n, [KEY_HEADER]),
      ),
    ],
  };
}

if (import.meta.main) {
  const report = measureWireBytes();
  const seed = report.designs[0]!;
  console.log(
    `${report.events} feedback events over ${report.armKeys} arm keys, flushed every ` +
      `${WORKLOAD.flushEvery}: ${report.batches} batches, ${report.deltas} deltas after merging\n`,
  );
  const header = [
    'design',
    'requests',
    'body B',
    'body B/event',
    'with HTTP B/event',
    'seed ÷ this',
  ];
  const rows = report.designs.map((d) => [
    d.design,
    String(d.requests),
    String(d.bodyBytes),
    d.bodyPerEvent.toFixed(1),
    d.totalPerEvent.toFixed(1),
    (seed.totalPerEvent / d.totalPerEvent).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [header, ...rows]) {
    const cells = row.map((cell, i) =>
      i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!),
    );
    console.log(cells.join('  '));
  }
  const seedHead = requestHeadBytes(SEED_PATH, JSON_CONTENT_TYPE, 60, []);
  const batchHead = requestHeadBytes(DELTAS_PATH, BINARY_CONTENT_TYPE, 800, [KEY_HEADER]);
  console.log(
    `\nHTTP overhead: one HTTP/1.1 request head per request, ${seedHead} B for a seed POST and ` +
      `${batchHead} B for a batch (request line, ${COMMON_HEADERS.length} common headers, ` +
      'Content-Type, Content-Length, and the publishable key for batches). Not counted: ' +
      'responses, TLS framing, sec-* client hints (~300 B more per request), cached CORS preflights.',
  );
}
