// Internal: the versioned schema. Each entry upgrades the database from the version before
// it; opening runs every step between the stored version and SCHEMA_VERSION in order, inside
// the upgrade transaction, so a v1 database with data is carried forward step by step.
import { STORE_NAMES } from './store.ts';

/** One upgrade step, run inside the `versionchange` transaction. */
export type Migration = (db: IDBDatabase, tx: IDBTransaction) => void;

/** The schema version this SDK writes. */
export const SCHEMA_VERSION = 1;

/** Upgrade steps by the version they produce. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // v1: every store keyed out of line (arm keys, seqs, batch ids, fixed names).
  1: (db) => {
    for (const name of STORE_NAMES) db.createObjectStore(name);
  },
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
