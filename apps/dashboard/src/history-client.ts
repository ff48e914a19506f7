// The one place that knows the wire shape of `GET /v1/apps/:app/history`. The endpoint's
// contract was settled before it existed, so the decoding is deliberately lenient: adjust
// it here, and nothing else in the dashboard changes.
import type { EdgeClient, EdgeFailure } from './edge-client.ts';
import type { ArmHistory, HistoryPoint } from './history.ts';

/**
 * Whether the edge sends each bucket's counts as totals so far (`cumulative`) or as what
 * arrived within the bucket (`increment`, summed up here).
 */
const COUNTS: 'cumulative' | 'increment' = 'cumulative';

/** One decoded answer of the history endpoint. */
export interface HistoryPayload {
  readonly decision: string;
  readonly step: 'minute' | 'hour';
  readonly from: number | null;
  readonly to: number | null;
  readonly arms: ArmHistory[];
}

/** What asking for history gave: the payload, `unavailable` (a 404: no such endpoint here), or a failure. */
export type HistoryReply =
  | { readonly kind: 'ok'; readonly payload: HistoryPayload }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'failed'; readonly failure: EdgeFailure };

/** The window and resolution asked for. */
export interface HistoryQuery {
  readonly from: number;
  readonly to: number;
  readonly step: 'minute' | 'hour';
}

type Record_ = Readonly<Record<string, unknown>>;
const isRecord = (v: unknown): v is Record_ =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** Epoch ms from epoch ms, epoch seconds or an ISO date. */
function time(v: unknown): number | null {
  if (typeof v === 'string') {
    const parsed = Date.parse(v);
    return Number.isNaN(parsed) ? null : parsed;
  }
  const t = finite(v);
  if (t === null) return null;
  return t < 1e11 ? t * 1000 : t;
}

/**
 * Context and arm of an arm key: `<context>\u0000<arm>`, `<decision>/<context>/<arm>` (core's
 * `armKey`), or a bare arm id (no context).
 */
export function splitArmKey(key: string, decision: string): { context: string; arm: string } {
  const nul = key.indexOf('\u0000');
  if (nul !== -1) return { context: key.slice(0, nul), arm: key.slice(nul + 1) };
  const prefix = `${decision}/`;
  if (key.startsWith(prefix)) {
    const rest = key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash !== -1) return { context: rest.slice(0, slash), arm: rest.slice(slash + 1) };
  }
  return { context: '', arm: key };
}

function point(raw: unknown): HistoryPoint | null {
  // A point may come as an object or as a tuple [t, s, f, n, share, pBest, kappa?].
  const v: Record_ | null = Array.isArray(raw)
    ? { t: raw[0], s: raw[1], f: raw[2], n: raw[3], share: raw[4], pBest: raw[5], kappa: raw[6] }
    : isRecord(raw)
      ? raw
      : null;
  const t = v === null ? null : time(v.t ?? v.at ?? v.time);
  if (v === null || t === null) return null;
  return {
    t,
    s: finite(v.s) ?? 0,
    f: finite(v.f) ?? 0,
    n: finite(v.n) ?? 0,
    share: finite(v.share),
    pBest: finite(v.pBest),
    kappa: finite(v.kappa),
  };
}

function points(raw: unknown): HistoryPoint[] {
  const list = Array.isArray(raw)
    ? raw
    : isRecord(raw) && Array.isArray(raw.points)
      ? raw.points
      : [];
  const decoded = list.map(point).filter((p): p is HistoryPoint => p !== null);
  decoded.sort((a, b) => a.t - b.t);
  if (COUNTS === 'cumulative') return decoded;
  let s = 0;
  let f = 0;
  let n = 0;
  return decoded.map((p) => {
    s += p.s;
    f += p.f;
    n += p.n;
    return { ...p, s, f, n };
  });
}

/**
 * Decodes a history body. `arms` may be a record by arm key (see {@link splitArmKey}) or a
 * list of `{context?, arm, points}`; points that lack a time are dropped.
 *
 * @example
 * decodeHistory({ step: 'minute', arms: { '\u0000popular': { points: [{ t: 1, s: 2, f: 1, n: 3 }] } } }, 'strategy');
 */
export function decodeHistory(
  body: unknown,
  decision: string,
): { ok: true; value: HistoryPayload } | { ok: false; message: string } {
  if (!isRecord(body)) return { ok: false, message: 'expected an object' };
  const arms: ArmHistory[] = [];
  if (Array.isArray(body.arms)) {
    for (const entry of body.arms) {
      if (!isRecord(entry) || typeof entry.arm !== 'string') continue;
      const context = typeof entry.context === 'string' ? entry.context : '';
      arms.push({ context, arm: entry.arm, points: points(entry) });
    }
  } else if (isRecord(body.arms)) {
    for (const [key, entry] of Object.entries(body.arms)) {
      const named = isRecord(entry) && typeof entry.arm === 'string';
      const { context, arm } = named
        ? {
            context: typeof entry.context === 'string' ? entry.context : '',
            arm: entry.arm as string,
          }
        : splitArmKey(key, decision);
      arms.push({ context, arm, points: points(entry) });
    }
  } else {
    return { ok: false, message: 'expected arms' };
  }
  return {
    ok: true,
    value: {
      decision: typeof body.decision === 'string' ? body.decision : decision,
      step: body.step === 'hour' ? 'hour' : 'minute',
      from: time(body.from),
      to: time(body.to),
      arms,
    },
  };
}

/**
 * Asks the edge for a decision's history (admin). A 404 means the edge has no history
 * endpoint (an older edge), reported as `unavailable`, not as a failure.
 *
 * @example
 * const reply = await fetchHistory(edge, 'strategy', { from: Date.now() - 86_400_000, to: Date.now(), step: 'minute' });
 */
export async function fetchHistory(
  edge: EdgeClient,
  decision: string,
  query: HistoryQuery,
): Promise<HistoryReply> {
  const params = new URLSearchParams({
    decision,
    from: String(Math.floor(query.from)),
    to: String(Math.ceil(query.to)),
    step: query.step,
  });
  const reply = await edge.admin(`/history?${params}`, (body) => decodeHistory(body, decision));
  if (reply.ok) return { kind: 'ok', payload: reply.value };
  if (reply.failure.kind === 'not-found') {
    return { kind: 'unavailable', message: reply.failure.message };
  }
  return { kind: 'failed', failure: reply.failure };
}
