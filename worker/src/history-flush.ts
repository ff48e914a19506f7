// Internal: when a PriorsAggregator writes its history. Pushes only mark decisions dirty and
// schedule an alarm at the end of the minute; the alarm (or a read of the history) records
// what changed since the last rows. So an arm key costs at most one row a minute however many
// shards push, where writing at every push cost one row per push.

import { pruneAlerts } from './aggregator-alerts.ts';
import {
  type DecisionPoints,
  decisionPoints,
  lastPoints,
  MINUTE,
  pruneHistory,
  recordHistory,
} from './arm-history.ts';
import type { AppConfig } from './config.ts';
import { HISTORY_PRUNE_EVERY_MS, pruneExperimentHistory } from './experiment-history.ts';
import type { ArmTotals } from './snapshot.ts';

/** The alarm time that closes the minute of `now`. */
export const minuteEnd = (now: number) => Math.floor(now / MINUTE) * MINUTE + MINUTE;

/** What to record: the decisions (all, when null), the totals as of `now`, and the minute. */
export interface Flush {
  readonly app: string;
  readonly config: AppConfig;
  readonly totals: readonly ArmTotals[];
  /** Null after a restart: nothing in memory says which decisions changed. */
  readonly decisions: ReadonlySet<string> | null;
  readonly now: number;
  /** Any time in the minute the rows are stamped with. */
  readonly at: number;
  /** When old history was last thinned (0: never). */
  readonly prunedAt: number;
  /** The points last recorded, per decision, as far as memory holds them (read otherwise). */
  readonly recorded: ReadonlyMap<string, DecisionPoints>;
}

/**
 * Records the points of the flush's decisions that differ from their last rows, and at most
 * hourly thins and expires old history (the experiments' and ended alerts included). Returns the rows written
 * and whether it pruned. Must run inside `transactionSync`.
 */
export function flushHistory(
  sql: SqlStorage,
  { app, config, totals, decisions, now, at, prunedAt, recorded }: Flush,
): { written: number; pruned: boolean; points: Map<string, DecisionPoints> } {
  const wanted = decisions ?? new Set([...totals.map((t) => t.decision), ...historyDecisions(sql)]);
  // Reading the last rows visits every row of a decision's history: only after a restart.
  const before = lastPoints(sql, new Set([...wanted].filter((d) => !recorded.has(d))));
  for (const d of wanted) {
    const held = recorded.get(d);
    if (held !== undefined) before.set(d, held);
  }
  const after = decisionPoints(app, config, totals, wanted, now);
  const written = recordHistory(sql, before, after, at);
  const pruned = now - prunedAt >= HISTORY_PRUNE_EVERY_MS;
  if (pruned) {
    pruneExperimentHistory(sql, now);
    pruneHistory(sql, now);
    pruneAlerts(sql, now);
  }
  return { written, pruned, points: after };
}

// Decisions with history, which may have left the totals (their arm keys get zero rows): one
// index seek per decision rather than a scan of every row.
function historyDecisions(sql: SqlStorage): string[] {
  return sql
    .exec<{ decision: string }>(
      `WITH RECURSIVE d(decision) AS (
         SELECT MIN(decision) FROM arm_history
         UNION ALL
         SELECT (SELECT MIN(decision) FROM arm_history WHERE decision > d.decision) FROM d
         WHERE d.decision IS NOT NULL)
       SELECT decision FROM d WHERE decision IS NOT NULL`,
    )
    .toArray()
    .map((r) => r.decision);
}
