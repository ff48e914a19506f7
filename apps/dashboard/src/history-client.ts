// The one place that reads `GET /v1/apps/:app/history` (HistorySchema in the protocol).
import { HistorySchema } from '@crowdbandit/protocol';
import type { EdgeClient, EdgeFailure } from './edge-client.ts';
import type { ArmHistory, KappaPoint } from './history.ts';

/** One decoded answer of the history endpoint. */
export interface HistoryPayload {
  readonly decision: string;
  readonly step: 'minute' | 'hour';
  readonly from: number;
  readonly to: number;
  /** The decision's κ when it changed, once estimated from the clients. */
  readonly kappa: KappaPoint[];
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

/**
 * Decodes a history body into the dashboard's points (`[t, s, f, n, share, pBest]` tuples
 * become objects), or says what is wrong with it.
 *
 * @example
 * decodeHistory({ app: 'demo', decision: 'strategy', step: 'minute', from: 0, to: 60_000, kappa: [],
 *   arms: [{ context: '', arm: 'popular', points: [[0, 2, 1, 3, 0.5, 0.6]] }] });
 */
export function decodeHistory(
  body: unknown,
): { ok: true; value: HistoryPayload } | { ok: false; message: string } {
  const parsed = HistorySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join('.') || 'body'}: ${issue?.message}` };
  }
  const { decision, step, from, to, kappa, arms } = parsed.data;
  return {
    ok: true,
    value: {
      decision,
      step,
      from,
      to,
      kappa: kappa.map(([t, value]) => ({ t, value })),
      arms: arms.map(({ context, arm, points }) => ({
        context,
        arm,
        points: points.map(([t, s, f, n, share, pBest]) => ({ t, s, f, n, share, pBest })),
      })),
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
  const reply = await edge.admin(`/history?${params}`, decodeHistory);
  if (reply.ok) return { kind: 'ok', payload: reply.value };
  if (reply.failure.kind === 'not-found') {
    return { kind: 'unavailable', message: reply.failure.message };
  }
  return { kind: 'failed', failure: reply.failure };
}
