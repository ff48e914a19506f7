// Test fixtures: a shard's storage as earlier releases wrote it, for the upgrade tests.

/** Schema 2: the release before experiments. */
export const SHARD_V2 = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE clients (client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL,
     first_seen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID`,
  `CREATE TABLE totals (decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     bs REAL NOT NULL DEFAULT 0, bf REAL NOT NULL DEFAULT 0, bn REAL NOT NULL DEFAULT 0,
     dk REAL NOT NULL DEFAULT 0, dn REAL NOT NULL DEFAULT 0, dx REAL NOT NULL DEFAULT 0,
     dq REAL NOT NULL DEFAULT 0, dr REAL NOT NULL DEFAULT 0,
     PRIMARY KEY (decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE tallies (client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE seen_events (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX clients_first_seen ON clients (first_seen)`,
];

/** Schema 3: schema 2 and the experiment tables (before the tallies moved into the clients' rows). */
export const SHARD_V3 = [
  ...SHARD_V2,
  `CREATE TABLE exp_clients (client_id TEXT NOT NULL, experiment TEXT NOT NULL, phase INTEGER NOT NULL,
     variation INTEGER NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL,
     PRIMARY KEY (client_id, experiment, phase, variation, metric)) WITHOUT ROWID`,
  `CREATE TABLE exp_sums (experiment TEXT NOT NULL, phase INTEGER NOT NULL, variation INTEGER NOT NULL,
     metric TEXT NOT NULL, users INTEGER NOT NULL, sum REAL NOT NULL, sumsq REAL NOT NULL,
     unexposed INTEGER NOT NULL, PRIMARY KEY (experiment, phase, variation, metric)) WITHOUT ROWID`,
];
