// Internal: the experiments snapshot as the sync code stores it (the host's experiment code
// reads it, see experiment-ops.ts).
import type { ExperimentsSnapshot } from '@crowdbandit/protocol/client';
import type { ExperimentsRecord } from './records.ts';
import type { Store } from './store.ts';

/** Builds the stored record of a snapshot. */
export function experimentsRecord(
  snapshot: ExperimentsSnapshot,
  etag: string | null,
): ExperimentsRecord {
  const policy = Object.values(snapshot.experiments).some((e) => e.decision !== undefined);
  return { snapshot, etag, policy };
}

/** Stores a snapshot, replacing the one before. */
export function storeExperiments(store: Store, record: ExperimentsRecord): Promise<void> {
  return store.run(['experiments'], 'readwrite', async (tx) => {
    tx.put('experiments', 'current', record);
  });
}

/** The version and ETag of the stored snapshot, or null before the first. */
export function storedExperimentsVersion(
  store: Store,
): Promise<{ version: number; etag: string | null } | null> {
  return store.run(['experiments'], 'readonly', async (tx) => {
    const record = await tx.get<ExperimentsRecord>('experiments', 'current');
    return record === undefined ? null : { version: record.snapshot.version, etag: record.etag };
  });
}
