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
