import * as z from 'zod/mini';
import { epochMsSchema, nameSchema } from './schema-parts.ts';
import { StatsAlertSchema } from './stats.ts';

/**
 * One alert in the log: a stats alert with when it started and when it ended (null while
 * open). `value` is its worst reading so far (the highest share or shift, the lowest rate).
 *
 * @example
 * LoggedAlertSchema.parse({ kind: 'dominant-arm', decision: 'strategy', context: '', arm: 'popular',
 *   value: 0.82, threshold: 0.7, message: 'popular takes 82% of selections in strategy',
 *   startedAt: 1_763_800_000_000, endedAt: null });
 */
export const LoggedAlertSchema = z.extend(StatsAlertSchema, {
  startedAt: epochMsSchema,
  endedAt: z.nullable(epochMsSchema),
});

/**
 * The body of the admin route `GET /v1/apps/:app/alerts?since=`: the alerts open now or ended
 * since `since`, newest first (at most {@link MAX_LOGGED_ALERTS}). The edge evaluates them once
 * a minute while feedback arrives, and when this is read. Unknown fields are dropped.
 *
 * @example
 * const open = AlertLogSchema.parse(await res.json()).alerts.filter((a) => a.endedAt === null);
 */
export const AlertLogSchema = z.object({
  app: nameSchema,
  generatedAt: epochMsSchema,
  since: epochMsSchema,
  alerts: z.array(LoggedAlertSchema),
});

/** Most alerts one read of the log returns. */
export const MAX_LOGGED_ALERTS = 200;

/**
 * The alert log, see {@link AlertLogSchema}.
 *
 * @example
 * const lasted = (log: AlertLog) => log.alerts.map((a) => (a.endedAt ?? Date.now()) - a.startedAt);
 */
export type AlertLog = z.infer<typeof AlertLogSchema>;

/**
 * One alert of the {@link AlertLog}.
 *
 * @example
 * const open = (a: LoggedAlert) => a.endedAt === null;
 */
export type LoggedAlert = z.infer<typeof LoggedAlertSchema>;
