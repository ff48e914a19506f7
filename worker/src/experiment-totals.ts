// Internal: the shards' experiment sums in a PriorsAggregator (exp_totals), replaced per
// shard on each push and summed over shards when read, like the priors totals.

import { recordExperimentHistory } from './experiment-history.ts';
import { EXPERIMENT_COLUMNS, type ExperimentRow } from './experiment-writes.ts';

const ROWS = 'FROM json_each(?) WHERE true';

/**
 * Replaces a shard's experiment sums with the cumulative ones it pushed and records what
 * changed in the merged history. Must run inside `transactionSync`.
 */
export function mergeExperimentRows(
  sql: SqlStorage,
  shard: number,
  rows: readonly ExperimentRow[],
  now: number,
): void {
  const before = sql
    .exec<{ experiment: string }>(
      'SELECT DISTINCT experiment FROM exp_totals WHERE shard = ?',
      shard,
    )
    .toArray()
    .map((r) => r.experiment);
  sql.exec('DELETE FROM exp_totals WHERE shard = ?', shard);
  if (rows.length > 0) {
    sql.exec(
      `INSERT INTO exp_totals (shard, ${EXPERIMENT_COLUMNS})
       SELECT ?, ${EXPERIMENT_COLUMNS.split(', ')
         .map((_, i) => `value ->> ${i}`)
         .join(', ')} ${ROWS}`,
      shard,
      JSON.stringify(rows),
    );
  }
  recordExperimentHistory(sql, [...new Set([...before, ...rows.map((r) => r[0])])], now);
}

/** One phase's merged sums of one variation and metric (`''`: exposures), in milli-units. */
export interface MergedSums {
  readonly variation: number;
  readonly metric: string;
  readonly users: number;
  readonly sum: number;
  readonly sumsq: number;
  readonly unexposed: number;
}

/** An experiment phase's sums, summed over shards. */
export function mergedSums(sql: SqlStorage, experiment: string, phase: number): MergedSums[] {
  return sql
    .exec<Record<string, SqlStorageValue>>(
      `SELECT variation, metric, SUM(users) AS users, SUM(sum) AS sum, SUM(sumsq) AS sumsq,
              SUM(unexposed) AS unexposed
       FROM exp_totals WHERE experiment = ? AND phase = ?
       GROUP BY variation, metric ORDER BY variation, metric`,
      experiment,
      phase,
    )
    .toArray() as unknown as MergedSums[];
}

/** One history row: the merged users exposed and converted of a variation at `at`. */
export interface HistoryRow {
  readonly variation: number;
  readonly metric: string;
  readonly at: number;
  readonly exposed: number;
  readonly converted: number;
}

/** An experiment phase's history, oldest first. */
export function historyRows(sql: SqlStorage, experiment: string, phase: number): HistoryRow[] {
  return sql
    .exec<Record<string, SqlStorageValue>>(
      `SELECT variation, metric, at, exposed, converted FROM exp_history
       WHERE experiment = ? AND phase = ? ORDER BY at, variation`,
      experiment,
      phase,
    )
    .toArray() as unknown as HistoryRow[];
}
