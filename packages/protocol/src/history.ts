import * as z from 'zod/mini';
import {
  contextSchema,
  epochMsSchema,
  nameSchema,
  totalSchema,
  unitSchema,
  wholeSchema,
} from './schema-parts.ts';

/**
 * The buckets of a history: minutes (kept for the last day) or hours (kept 90 days).
 *
 * @example
 * HistoryStepSchema.parse('hour');
 */
export const HistoryStepSchema = z.enum(['minute', 'hour']);

/**
 * The query of `GET /v1/apps/:app/history`, once its numbers are read: a decision, a window
 * `[from, to]` in epoch ms, and a step. The edge adds the range rules (`from <= to`; at most
 * a day for `minute`).
 *
 * @example
 * HistoryQuerySchema.parse({ decision: 'home-feed', from: 1_763_700_000_000, to: 1_763_786_400_000, step: 'hour' });
 */
export const HistoryQuerySchema = z.object({
  decision: nameSchema,
  from: epochMsSchema,
  to: epochMsSchema,
  step: HistoryStepSchema,
});

/**
 * One point of an arm key's history, as a tuple to keep long histories small:
 * `[t, s, f, n, share, pBest]`. `t` is the start of the bucket (epoch ms); the values are the
 * ones in force at the end of it: the bounded totals `s`, `f` and impressions `n` (cumulative,
 * as published), the selection share of the arm in its decision and context (null when no
 * impressions were reported) and the probability of being the best arm there, both as
 * `GET /stats` computes them.
 *
 * @example
 * const [t, s, f, n, share, pBest] = HistoryPointSchema.parse([1_763_800_020_000, 31, 12, 400, 0.18, 0.42]);
 */
export const HistoryPointSchema = z.tuple([
  epochMsSchema,
  totalSchema,
  totalSchema,
  wholeSchema,
  z.nullable(unitSchema),
  unitSchema,
]);

/**
 * One arm key's history: its points, oldest first. Points are sparse: a bucket without one
 * kept the values of the point before. The first point may carry the values in force at
 * `from` (the last change before the window), stamped with the window's first bucket.
 *
 * @example
 * ArmHistorySchema.parse({ context: '', arm: 'popular', points: [[1_763_800_020_000, 31, 12, 400, 0.18, 0.42]] });
 */
export const ArmHistorySchema = z.object({
  context: contextSchema,
  arm: nameSchema,
  points: z.array(HistoryPointSchema),
});

/**
 * The body of the admin route `GET /v1/apps/:app/history`: one decision's arm keys over
 * time (sorted by context, then arm), and the decision's estimated κ over time as
 * `[t, value]` pairs (only once κ is estimated from the clients, not the fallback).
 *
 * @example
 * const history = HistorySchema.parse(await response.json());
 * const leader = history.arms.map((a) => [a.arm, a.points.at(-1)?.[5] ?? 0] as const);
 */
export const HistorySchema = z.object({
  app: nameSchema,
  decision: nameSchema,
  step: HistoryStepSchema,
  from: epochMsSchema,
  to: epochMsSchema,
  kappa: z.array(z.tuple([epochMsSchema, z.number().check(z.gt(0))])),
  arms: z.array(ArmHistorySchema),
});

/**
 * A decision's history, see {@link HistorySchema}.
 *
 * @example
 * const shares = (history: History) => history.arms.map((a) => a.points.map((p) => p[4]));
 */
export type History = z.infer<typeof HistorySchema>;

/**
 * One point of {@link History}: `[t, s, f, n, share, pBest]`.
 *
 * @example
 * const mean = ([, s, f]: HistoryPoint) => (1 + s) / (2 + s + f);
 */
export type HistoryPoint = z.infer<typeof HistoryPointSchema>;

/**
 * A parsed history query, see {@link HistoryQuerySchema}.
 *
 * @example
 * const query: HistoryQuery = { decision: 'home-feed', from: 0, to: Date.now(), step: 'hour' };
 */
export type HistoryQuery = z.infer<typeof HistoryQuerySchema>;

/**
 * One arm key of {@link History}.
 *
 * @example
 * const latest = (arm: ArmHistory) => arm.points.at(-1);
 */
export type ArmHistory = z.infer<typeof ArmHistorySchema>;
