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
 * One arm key in the stats: evidence (s, f), selections n, posterior mean with its 95%
 * interval, probability of being best, and share of selections (null when unknown).
 *
 * @example
 * StatsArmSchema.parse({ context: '', arm: 'movie-1234', s: 31, f: 12, n: 400, mean: 0.71,
 *   interval: [0.57, 0.83], pBest: 0.42, share: 0.18 });
 */
export const StatsArmSchema = z.object({
  context: contextSchema,
  arm: nameSchema,
  s: totalSchema,
  f: totalSchema,
  n: wholeSchema,
  mean: unitSchema,
  interval: z
    .tuple([unitSchema, unitSchema])
    .check(z.refine(([low, high]) => low <= high, 'interval must be [low, high] with low <= high')),
  pBest: unitSchema,
  share: z.nullable(unitSchema),
});

/**
 * A stats alert: one arm takes more than `threshold` of the selections (`dominant-arm`), its
 * success rate is under the floor (`low-success`), or clients first seen within one push
 * period moved its published mean by more than `threshold` points (`sudden-shift`, with the
 * time it started, in `startedAt`).
 *
 * @example
 * StatsAlertSchema.parse({ kind: 'dominant-arm', decision: 'strategy', context: '', arm: 'popular',
 *   value: 0.82, threshold: 0.7, message: 'popular takes 82% of selections' });
 */
export const StatsAlertSchema = z.object({
  kind: z.enum(['dominant-arm', 'low-success', 'sudden-shift']),
  decision: nameSchema,
  context: contextSchema,
  arm: nameSchema,
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  startedAt: z.exactOptional(epochMsSchema),
});

/**
 * The body of the admin route `GET /v1/apps/:app/stats`. Unknown fields are dropped.
 *
 * @example
 * StatsSchema.parse({ app: 'movies', generatedAt: 1_763_800_000_000, decisions: [] });
 */
export const StatsSchema = z.object({
  app: nameSchema,
  generatedAt: epochMsSchema,
  decisions: z.array(
    z.object({
      decision: nameSchema,
      arms: z.array(StatsArmSchema),
      alerts: z.array(StatsAlertSchema),
    }),
  ),
});

/**
 * Stats, see {@link StatsSchema}.
 *
 * @example
 * const dominant = stats.decisions.flatMap((d) => d.alerts).filter((a) => a.kind === 'dominant-arm');
 */
export type Stats = z.infer<typeof StatsSchema>;

/**
 * One arm key of {@link Stats}.
 *
 * @example
 * const best = arms.reduce((a: StatsArm, b: StatsArm) => (b.pBest > a.pBest ? b : a));
 */
export type StatsArm = z.infer<typeof StatsArmSchema>;

/**
 * One alert of {@link Stats}.
 *
 * @example
 * const line = (alert: StatsAlert) => `${alert.decision}/${alert.arm}: ${alert.message}`;
 */
export type StatsAlert = z.infer<typeof StatsAlertSchema>;
