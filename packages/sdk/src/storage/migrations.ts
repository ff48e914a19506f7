// Internal: the versioned schema. Each entry upgrades the database from the version before
// it; opening runs every step between the stored version and SCHEMA_VERSION in order, inside
// the upgrade transaction, so a v1 database with data is carried forward step by step.

/** One upgrade step, run inside the `versionchange` transaction. */
export type Migration = (db: IDBDatabase, tx: IDBTransaction) => void;

/** The schema version this SDK writes. */
export const SCHEMA_VERSION = 2;

const create =
  (...names: string[]): Migration =>
  (db) => {
    for (const name of names) db.createObjectStore(name);
  };

/** Upgrade steps by the version they produce. Every store is keyed out of line. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // v1: arm keys, seqs, batch ids, fixed names.
  1: create(
    'evidence',
    'pending',
    'outbox',
    'acked',
    'included',
    'rejected',
    'priors',
    'session',
    'meta',
  ),
  // v2: the experiments snapshot (`'current'`) and first exposures
  // (`<experiment>/<phase>/<hash value>`); the v1 stores and their data stay as they are.
  2: create('experiments', 'exposures'),
};

/** Runs the steps from `oldVersion` (exclusive) to `newVersion` (inclusive). */
export function migrate(
  db: IDBDatabase,
  tx: IDBTransaction,
  oldVersion: number,
  newVersion: number,
  migrations: Readonly<Record<number, Migration>>,
): void {
  for (let version = oldVersion + 1; version <= newVersion; version++) {
    const step = migrations[version];
    if (step === undefined) throw new Error(`no migration to schema version ${version}`);
    step(db, tx);
  }
}
