// Internal: the SQLite schema of a ClientShard. Counts are milli-units (see
// @crowdbandit/protocol COUNT_SCALE): whole numbers while nothing decays, so sums are exact.

export const SHARD_SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  // Exactly-once: the last batch applied per client and the shard version that included it.
  `CREATE TABLE IF NOT EXISTS clients (
     client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS totals (
     decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (decision, context, arm)
   ) WITHOUT ROWID`,
  // What each client contributed, so an admin can take a bad client's evidence back out.
  `CREATE TABLE IF NOT EXISTS tallies (
     client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)
   ) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS usage (
     client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     window INTEGER NOT NULL, weight REAL NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)
   ) WITHOUT ROWID`,
  // Server-side event ids already applied (idempotency), pruned after EVENT_MEMORY_MS.
  `CREATE TABLE IF NOT EXISTS seen_events (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID`,
];

/** How long server-side event ids are remembered for de-duplication. */
export const EVENT_MEMORY_MS = 7 * 24 * 3600_000;
