// Internal: the SQLite schema of a ClientShard and its upgrades. Counts are milli-units (see
// @crowdbandit/protocol COUNT_SCALE): whole numbers while nothing decays, so raw sums are exact.

/** The schema version this code writes; stored in meta as `schema`. */
export const SHARD_SCHEMA_VERSION = 5;

const TABLES = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  // Exactly-once: the last batch applied per client (by its own id, without the signature),
  // the shard version that included it, when the shard first saw the client, and since
  // version 4 its cumulative tallies (see encodeTallies): an accepted batch writes this one
  // row. What each client contributed is kept so the bound applies to it and an admin can
  // take a bad client's evidence back out; the shard's totals are derived from the tallies.
  // Since version 5, `base`: the tallies the client had in the shard's stored snapshot, kept
  // once it changed after that snapshot (same row, same write), so that a start replays only
  // the clients changed since the snapshot.
  `CREATE TABLE IF NOT EXISTS clients (
     client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL,
     first_seen INTEGER NOT NULL DEFAULT 0, tallies TEXT NOT NULL DEFAULT '[]', base TEXT
   ) WITHOUT ROWID`,
  // Since version 4, the cumulative tallies of the sources that are not clients: the app's
  // server and seed users (server-side events); since version 5 with their version and base.
  `CREATE TABLE IF NOT EXISTS sources (
     source TEXT PRIMARY KEY, tallies TEXT NOT NULL, last_version INTEGER NOT NULL DEFAULT 0,
     base TEXT
   ) WITHOUT ROWID`,
  // Since version 5, the shard's totals as of meta `snapshot` (a version), in chunks of
  // flat rows (see totalsRow): written at pushes, read at a start.
  `CREATE TABLE IF NOT EXISTS snapshot (chunk INTEGER PRIMARY KEY, rows TEXT NOT NULL)`,
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

// Version 1 had no first_seen and a per-window `usage` cap table.
const FROM_V1 = [
  `ALTER TABLE clients ADD COLUMN first_seen INTEGER NOT NULL DEFAULT 0`,
  `DROP TABLE IF EXISTS usage`,
];

// Version 3 kept a row per client and arm key in `tallies` and the summed rows in `totals`
// (rewritten by every batch, and derivable from the tallies); version 4 keeps each client's
// tallies as one blob in its `clients` row and the totals in memory.
const TALLY_BLOB = `json_group_array(json_array(decision, context, arm, s, f, n, t))`;
const FROM_V3 = [
  `ALTER TABLE clients ADD COLUMN tallies TEXT NOT NULL DEFAULT '[]'`,
  `UPDATE clients SET tallies = (SELECT ${TALLY_BLOB} FROM tallies x WHERE x.client_id = clients.client_id)
   WHERE client_id IN (SELECT client_id FROM tallies)`,
  `INSERT INTO sources (source, tallies) SELECT client_id, ${TALLY_BLOB} FROM tallies
   WHERE client_id NOT IN (SELECT client_id FROM clients) GROUP BY client_id`,
  `DROP TABLE tallies`,
  `DROP TABLE totals`,
  `DROP INDEX IF EXISTS clients_first_seen`,
];

// Version 4 had neither bases nor a snapshot (its first start sums every client's tallies,
// as version 4 always did, and its first push stores a snapshot).
const FROM_V4_CLIENTS = [`ALTER TABLE clients ADD COLUMN base TEXT`];
const FROM_V4_SOURCES = [
  `ALTER TABLE sources ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0`,
  `ALTER TABLE sources ADD COLUMN base TEXT`,
];

/**
 * Brings a shard's storage to the current schema: creates it when empty, upgrades an older
 * shard in place. Version 1 gains what version 2 added (its derived sums come from the
 * tallies like everyone's); versions 1 to 3 move their tallies into the clients' rows (and
 * the sources' table) and drop the per-row tallies and totals. Must run inside the
 * constructor's blockConcurrencyWhile or a transaction.
 */
export function migrateShard(sql: SqlStorage): void {
  const hasClients =
    sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clients'").toArray()
      .length > 0;
  const version = hasClients
    ? (sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").toArray()[0]
        ?.value ?? 1)
    : SHARD_SCHEMA_VERSION;
  if (version === 1) for (const statement of FROM_V1) sql.exec(statement);
  for (const statement of TABLES) sql.exec(statement);
  if (version < 4) for (const statement of FROM_V3) sql.exec(statement);
  if (version < 5) for (const statement of FROM_V4_CLIENTS) sql.exec(statement);
  // Before version 4 there was no sources table: TABLES just made it with every column.
  if (version === 4) for (const statement of FROM_V4_SOURCES) sql.exec(statement);
  sql.exec(
    "INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
    SHARD_SCHEMA_VERSION,
  );
}

/** How long server-side event ids are remembered for de-duplication. */
export const EVENT_MEMORY_MS = 7 * 24 * 3600_000;
