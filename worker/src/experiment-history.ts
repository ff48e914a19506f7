// Internal: a PriorsAggregator's record of experiment counts over time (exp_history), so the
// results can show how the confidence sequence narrowed. Bounded three ways: a row only when
// the merged counts changed, one row per key and minute (at the minute's start), one per hour
// once a day old.

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** How long history rows are kept. */
export const EXPERIMENT_HISTORY_MS = 90 * DAY;

/** How often old history is thinned and expired (at most). */
export const HISTORY_PRUNE_EVERY_MS = HOUR;

const ROWS = 'FROM json_each(?) WHERE true';

type Key = [experiment: string, phase: number, variation: number, metric: string];
const keyOf = (k: readonly [string, number, number, string, ...unknown[]]) =>
  `${k[0]}\0${k[1]}\0${k[2]}\0${k[3]}`;

/**
 * Writes, for the given experiments, the merged users exposed and converted of every phase,
 * variation and metric whose numbers changed since its last row (metric `''`: exposures, with
 * converted 0), at the start of the current minute (replacing a row of the same minute). Must run inside
 * `transactionSync`, after the shard's rows were replaced.
 */
export function recordExperimentHistory(
  sql: SqlStorage,
  experiments: readonly string[],
  now: number,
): void {
  if (experiments.length === 0) return;
  const names = JSON.stringify(experiments);
  const merged = sql
    .exec<{ experiment: string; phase: number; variation: number; metric: string; users: number }>(
      `SELECT experiment, phase, variation, metric, SUM(users) AS users FROM exp_totals
       WHERE experiment IN (SELECT value ${ROWS}) GROUP BY experiment, phase, variation, metric`,
      names,
    )
    .toArray();
  const exposed = new Map<string, number>();
  for (const r of merged) {
    if (r.metric === '') exposed.set(keyOf([r.experiment, r.phase, r.variation, '']), r.users);
  }
  const last = new Map<string, { at: number; exposed: number; converted: number }>();
  const latest = sql.exec<{
    experiment: string;
    phase: number;
    variation: number;
    metric: string;
    at: number;
    exposed: number;
    converted: number;
  }>(
    `SELECT h.experiment, h.phase, h.variation, h.metric, h.at, h.exposed, h.converted
     FROM exp_history h JOIN (
       SELECT experiment, phase, variation, metric, MAX(at) AS at FROM exp_history
       WHERE experiment IN (SELECT value ${ROWS}) GROUP BY experiment, phase, variation, metric
     ) m ON h.experiment = m.experiment AND h.phase = m.phase AND h.variation = m.variation
       AND h.metric = m.metric AND h.at = m.at`,
    names,
  );
  for (const r of latest) last.set(keyOf([r.experiment, r.phase, r.variation, r.metric]), r);

  // Rows carry the start of their minute, so that the rows of one minute line up across
  // variations and a later change within the minute replaces them.
  const at = Math.floor(now / MINUTE) * MINUTE;
  const written: [...Key, number, number, number][] = [];
  for (const r of merged) {
    const key: Key = [r.experiment, r.phase, r.variation, r.metric];
    const users = exposed.get(keyOf([r.experiment, r.phase, r.variation, ''])) ?? 0;
    const converted = r.metric === '' ? 0 : r.users;
    const before = last.get(keyOf(key));
    if (before === undefined && users === 0 && converted === 0) continue;
    if (before !== undefined && before.exposed === users && before.converted === converted) {
      continue;
    }
    written.push([...key, at, users, converted]);
  }
  if (written.length > 0) {
    sql.exec(
      `INSERT OR REPLACE INTO exp_history (experiment, phase, variation, metric, at, exposed, converted)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
              value ->> 6 ${ROWS}`,
      JSON.stringify(written),
    );
  }
}

/**
 * Expires history older than {@link EXPERIMENT_HISTORY_MS} and keeps, for rows older than a
 * day, only the last of each hour. Must run inside `transactionSync`.
 */
export function pruneExperimentHistory(sql: SqlStorage, now: number): void {
  sql.exec('DELETE FROM exp_history WHERE at < ?', now - EXPERIMENT_HISTORY_MS);
  sql.exec(
    `DELETE FROM exp_history WHERE at < ? AND EXISTS (
       SELECT 1 FROM exp_history later
       WHERE later.experiment = exp_history.experiment AND later.phase = exp_history.phase
         AND later.variation = exp_history.variation AND later.metric = exp_history.metric
         AND later.at > exp_history.at AND later.at / ${HOUR} = exp_history.at / ${HOUR})`,
    now - DAY,
  );
}
