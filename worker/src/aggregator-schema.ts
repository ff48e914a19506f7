// Internal: the SQLite schema of a PriorsAggregator and its upgrade.

/** The schema version this code writes; stored in meta as `schema`. */
const VERSION = 5;

/**
 * At most how many arm keys one row of a shard's totals holds (a row may hold 2 MB; a pushed
 * row's JSON takes some 200 bytes, at most 650 with the longest ids the protocol allows).
 */
export const ROWS_PER_CHUNK = 2048;

/**
 * How many rows hold a shard's `size` arm keys: a power of two, so the layout changes (and
 * every chunk is rewritten) only when the shard's arm keys double past a multiple of
 * {@link ROWS_PER_CHUNK}.
 */
export function chunksFor(size: number): number {
  let chunks = 1;
  while (chunks * ROWS_PER_CHUNK < size) chunks *= 2;
  return chunks;
}

/** The chunk, of `chunks`, that holds an arm key's row: fnv1a(key) mod chunks. */
export function chunkOf(decision: string, context: string, arm: string, chunks: number): number {
  const key = `${decision}\0${context}\0${arm}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % chunks;
}

const TABLES = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, version INTEGER NOT NULL)`,
  // Since version 5, each shard's latest cumulative totals as JSON arrays of TotalsRow, in
  // chunksFor(arm keys) rows per shard (rows are billed by the row, not by the byte).
  `CREATE TABLE IF NOT EXISTS shard_totals (
     shard INTEGER NOT NULL, chunk INTEGER NOT NULL, rows TEXT NOT NULL,
     PRIMARY KEY (shard, chunk)
   ) WITHOUT ROWID`,
  // Per shard, the bounded contributions of the clients it first saw in its last push period
  // (a JSON array of FreshRow).
  `CREATE TABLE IF NOT EXISTS shard_fresh (shard INTEGER PRIMARY KEY, rows TEXT NOT NULL)`,
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

/** The totals columns as shards pushed them before version 5 (see TotalsRow). */
const TOTALS_COLUMNS = 'decision, context, arm, s, f, n, t, bs, bf, bn, dk, dn, dx, dq, dr';

// Versions 1 to 4 kept a row per shard and arm key (rewritten whole by each push); version 5
// keeps each shard's rows in chunksFor(arm keys) rows and its fresh rows in one.
function chunkTotals(sql: SqlStorage): void {
  const shards = new Map<number, unknown[][]>();
  for (const row of sql.exec(`SELECT shard, ${TOTALS_COLUMNS} FROM totals`).raw()) {
    const [shard, ...rest] = row as [number, ...unknown[]];
    shards.set(shard, [...(shards.get(shard) ?? []), rest]);
  }
  for (const [shard, rows] of shards) {
    const chunks = new Map<number, unknown[][]>();
    for (const r of rows) {
      const chunk = chunkOf(r[0] as string, r[1] as string, r[2] as string, chunksFor(rows.length));
      chunks.set(chunk, [...(chunks.get(chunk) ?? []), r]);
    }
    for (const [chunk, list] of chunks) {
      sql.exec(
        'INSERT INTO shard_totals (shard, chunk, rows) VALUES (?, ?, ?)',
        shard,
        chunk,
        JSON.stringify(list),
      );
    }
  }
  sql.exec('DROP TABLE totals');
  const fresh =
    sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fresh'").toArray()
      .length > 0;
  if (fresh) {
    sql.exec(
      `INSERT INTO shard_fresh (shard, rows) SELECT shard,
         json_group_array(json_array(decision, context, arm, bs, bf)) FROM fresh GROUP BY shard`,
    );
    sql.exec('DROP TABLE fresh');
  }
}

/**
 * Brings an aggregator's storage to the current schema. A version 1 aggregator's rows had
 * no bounded sums: until each shard pushes again they count as they did, unbounded. A
 * version 2 aggregator only gains the experiment tables, a version 3 one the history tables
 * (its first record then has every arm key: none has a row to compare with); up to version
 * 4 each shard's totals and fresh rows move into chunks.
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
  if (version < 5) chunkTotals(sql);
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
    VERSION,
  );
}
