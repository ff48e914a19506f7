// Internal: the SQLite schema of a ClientShard and its upgrades. Counts are milli-units (see
// @crowdbandit/protocol COUNT_SCALE): whole numbers while nothing decays, so raw sums are exact.

/** The schema version this code writes; stored in meta as `schema`. */
export const SHARD_SCHEMA_VERSION = 3;

const TABLES = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  // Exactly-once: the last batch applied per client (by its own id, without the signature),
  // the shard version that included it, and when the shard first saw the client.
  `CREATE TABLE IF NOT EXISTS clients (
     client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL,
     first_seen INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID`,
  // Per arm key: the raw sums of every tally (s, f, n: what exactly-once is checked against),
  // the bounded sums the crowd publishes (bs, bf, bn), and the κ statistics over clients
  // (dk clients, dn Σn, dx Σx, dq Σx²/n, dr Σn²; units), all decayed lazily from t.
  `CREATE TABLE IF NOT EXISTS totals (
     decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     bs REAL NOT NULL DEFAULT 0, bf REAL NOT NULL DEFAULT 0, bn REAL NOT NULL DEFAULT 0,
     dk REAL NOT NULL DEFAULT 0, dn REAL NOT NULL DEFAULT 0, dx REAL NOT NULL DEFAULT 0,
     dq REAL NOT NULL DEFAULT 0, dr REAL NOT NULL DEFAULT 0,
     PRIMARY KEY (decision, context, arm)
   ) WITHOUT ROWID`,
  // What each client contributed, cumulative: the bound applies to these, and an admin can
  // take a bad client's evidence back out.
  `CREATE TABLE IF NOT EXISTS tallies (
     client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)
   ) WITHOUT ROWID`,
  // Server-side event ids already applied (idempotency), pruned after EVENT_MEMORY_MS.
  `CREATE TABLE IF NOT EXISTS seen_events (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID`,
  // Since version 3, experiment counts, apart from the arm evidence and never decayed. Per
  // client, each phase and variation it was exposed to (metric '') and each metric it
  // converted on with its cumulative value (milli-units): what makes a user count once.
  `CREATE TABLE IF NOT EXISTS exp_clients (
     client_id TEXT NOT NULL, experiment TEXT NOT NULL, phase INTEGER NOT NULL,
     variation INTEGER NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL,
     PRIMARY KEY (client_id, experiment, phase, variation, metric)
   ) WITHOUT ROWID`,
  // Per experiment phase, variation and metric ('' for exposures): users, Σ value per user,
  // Σ (value per user)², and conversions dropped for want of an exposure.
  `CREATE TABLE IF NOT EXISTS exp_sums (
     experiment TEXT NOT NULL, phase INTEGER NOT NULL, variation INTEGER NOT NULL,
     metric TEXT NOT NULL, users INTEGER NOT NULL, sum REAL NOT NULL, sumsq REAL NOT NULL,
     unexposed INTEGER NOT NULL,
     PRIMARY KEY (experiment, phase, variation, metric)
   ) WITHOUT ROWID`,
];

// Version 1 had no derived columns, no first_seen, and a per-window `usage` cap table.
const FROM_V1 = [
  ...['bs', 'bf', 'bn', 'dk', 'dn', 'dx', 'dq', 'dr'].map(
    (column) => `ALTER TABLE totals ADD COLUMN ${column} REAL NOT NULL DEFAULT 0`,
  ),
  `ALTER TABLE clients ADD COLUMN first_seen INTEGER NOT NULL DEFAULT 0`,
  `DROP TABLE IF EXISTS usage`,
];

const INDEXES = [`CREATE INDEX IF NOT EXISTS clients_first_seen ON clients (first_seen)`];

/**
 * Brings a shard's storage to the current schema: creates it when empty, upgrades a
 * version 1 shard in place (its derived columns are filled in by the next rebuild, which a
 * missing `bounds` meta entry triggers); a version 2 shard only gains the experiment tables. Must run inside the constructor's blockConcurrencyWhile
 * or a transaction.
 */
export function migrateShard(sql: SqlStorage): void {
  const hasTotals =
    sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'totals'").toArray()
      .length > 0;
  const version = hasTotals
    ? (sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").toArray()[0]
        ?.value ?? 1)
    : SHARD_SCHEMA_VERSION;
  if (version === 1) for (const statement of FROM_V1) sql.exec(statement);
  for (const statement of [...TABLES, ...INDEXES]) sql.exec(statement);
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    SHARD_SCHEMA_VERSION,
  );
}

/** How long server-side event ids are remembered for de-duplication. */
export const EVENT_MEMORY_MS = 7 * 24 * 3600_000;
