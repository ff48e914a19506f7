// Internal: the SQLite schema of a PriorsAggregator and its upgrade.

/** The schema version this code writes; stored in meta as `schema`. */
const VERSION = 4;

/** The totals columns as shards push them (see TotalsRow), without the shard. */
const TOTALS_COLUMNS = 'decision, context, arm, s, f, n, t, bs, bf, bn, dk, dn, dx, dq, dr';

export const AGGREGATOR_SCHEMA = { totalsColumns: TOTALS_COLUMNS } as const;

const TABLES = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, version INTEGER NOT NULL)`,
  // Each shard's latest cumulative totals.
  `CREATE TABLE IF NOT EXISTS totals (
     shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     bs REAL NOT NULL DEFAULT 0, bf REAL NOT NULL DEFAULT 0, bn REAL NOT NULL DEFAULT 0,
     dk REAL NOT NULL DEFAULT 0, dn REAL NOT NULL DEFAULT 0, dx REAL NOT NULL DEFAULT 0,
     dq REAL NOT NULL DEFAULT 0, dr REAL NOT NULL DEFAULT 0,
     PRIMARY KEY (shard, decision, context, arm)
   ) WITHOUT ROWID`,
  // Per shard, the bounded contributions of the clients it first saw in its last push period.
  `CREATE TABLE IF NOT EXISTS fresh (
     shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     bs REAL NOT NULL, bf REAL NOT NULL,
     PRIMARY KEY (shard, decision, context, arm)
   ) WITHOUT ROWID`,
  // Alerts that start and end (sudden shifts); ended_at is null while one lasts.
  `CREATE TABLE IF NOT EXISTS alerts (
     id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
     decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     started_at INTEGER NOT NULL, ended_at INTEGER, value REAL NOT NULL, threshold REAL NOT NULL
   )`,
  `CREATE INDEX IF NOT EXISTS alerts_open ON alerts (kind, decision, context, arm, ended_at)`,
  // Since version 3: experiments. Each shard's latest cumulative experiment sums (see
  // ExperimentRow; milli-units).
  `CREATE TABLE IF NOT EXISTS exp_totals (
     shard INTEGER NOT NULL, experiment TEXT NOT NULL, phase INTEGER NOT NULL,
     variation INTEGER NOT NULL, metric TEXT NOT NULL, users INTEGER NOT NULL,
     sum REAL NOT NULL, sumsq REAL NOT NULL, unexposed INTEGER NOT NULL,
     PRIMARY KEY (shard, experiment, phase, variation, metric)
   ) WITHOUT ROWID`,
  // The merged users exposed and converted over time, per phase, variation and metric ('':
  // exposures only), written when they change: one row per minute (at its start), thinned to
  // one per hour after a day, kept EXPERIMENT_HISTORY_MS.
  `CREATE TABLE IF NOT EXISTS exp_history (
     experiment TEXT NOT NULL, phase INTEGER NOT NULL, variation INTEGER NOT NULL,
     metric TEXT NOT NULL, at INTEGER NOT NULL, exposed INTEGER NOT NULL,
     converted INTEGER NOT NULL,
     PRIMARY KEY (experiment, phase, variation, metric, at)
   ) WITHOUT ROWID`,
  // Definitions and their state: `body` is the Experiment as clients see it (JSON).
  `CREATE TABLE IF NOT EXISTS experiments (
     key TEXT PRIMARY KEY, body TEXT NOT NULL, archived INTEGER NOT NULL,
     created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
   ) WITHOUT ROWID`,
  // Each started phase: its seed, when it started and stopped, and its coverage and weights
  // as last changed within it.
  `CREATE TABLE IF NOT EXISTS experiment_phases (
     key TEXT NOT NULL, phase INTEGER NOT NULL, seed TEXT NOT NULL,
     started_at INTEGER NOT NULL, stopped_at INTEGER, coverage REAL NOT NULL,
     weights TEXT NOT NULL,
     PRIMARY KEY (key, phase)
   ) WITHOUT ROWID`,
  // Since version 4: each decision over time (see arm-history.ts). Per arm key and minute (at
  // its start) the bounded totals, selection share and P(best), written when they changed;
  // thinned to the last row of each hour after a day, kept 90 days.
  `CREATE TABLE IF NOT EXISTS arm_history (
     decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL, at INTEGER NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, share REAL, p_best REAL NOT NULL,
     PRIMARY KEY (decision, context, arm, at)
   ) WITHOUT ROWID`,
  // The decision's estimated κ when it changes (never the fallback), thinned and kept alike.
  `CREATE TABLE IF NOT EXISTS kappa_history (
     decision TEXT NOT NULL, at INTEGER NOT NULL, value REAL NOT NULL,
     PRIMARY KEY (decision, at)
   ) WITHOUT ROWID`,
];

/**
 * Brings an aggregator's storage to the current schema. A version 1 aggregator's rows had
 * no bounded sums: until each shard pushes again they count as they did, unbounded. A
 * version 2 aggregator only gains the experiment tables, a version 3 one the history tables
 * (its first record then has every arm key: none has a row to compare with).
 */
export function migrateAggregator(sql: SqlStorage): void {
  const hasTotals =
    sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'totals'").toArray()
      .length > 0;
  const version = hasTotals
    ? (sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").toArray()[0]
        ?.value ?? 1)
    : VERSION;
  if (version === 1) {
    for (const column of ['bs', 'bf', 'bn', 'dk', 'dn', 'dx', 'dq', 'dr']) {
      sql.exec(`ALTER TABLE totals ADD COLUMN ${column} REAL NOT NULL DEFAULT 0`);
    }
    sql.exec('UPDATE totals SET bs = s, bf = f, bn = n');
  }
  for (const statement of TABLES) sql.exec(statement);
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    VERSION,
  );
}
