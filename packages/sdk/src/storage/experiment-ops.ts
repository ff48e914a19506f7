// Internal: experiment counts in storage, for the host's experiment code. An exposure is
// recorded once per user and phase: the `exposures` record and its delta in `pending` are
// written in one transaction, which IndexedDB runs alone among the tabs that share the
// database, so two tabs never both count one user. Conversions go to `pending` the same way;
// the outbox seals and sends them exactly once, like any delta.
import { armKey } from '@crowdbandit/core';
import type { Delta } from '@crowdbandit/protocol/client';
import type { ExperimentsRecord, ExposureRecord, PendingRecord } from './records.ts';
import type { Store, StoreName, Tx } from './store.ts';

/** The stored experiments snapshot, if any. */
export function readExperiments(store: Store): Promise<ExperimentsRecord | undefined> {
  return store.run(['experiments'], 'readonly', (tx) =>
    tx.get<ExperimentsRecord>('experiments', 'current'),
  );
}

/** The key of a user's exposure record. */
export function exposureKey(experiment: string, phase: number, hashValue: string): string {
  return `${experiment}/${phase}/${hashValue}`;
}

function addPending(
  tx: Tx,
  deltas: readonly Delta[],
  stored: readonly (PendingRecord | undefined)[],
): void {
  deltas.forEach((d, i) => {
    const p = stored[i] ?? { s: 0, f: 0, n: 0 };
    tx.put('pending', armKey(d.decision, d.context, d.arm), { s: p.s + d.s, f: p.f, n: p.n });
  });
}

function stores(delta: boolean): StoreName[] {
  return delta ? ['exposures', 'pending'] : ['exposures'];
}

/**
 * Records a first exposure: true when it is recorded now, false when this user's exposure
 * in this phase was recorded before (by this tab or another). `delta`: its count for the
 * edge (null in local-only mode).
 */
export function recordExposure(
  store: Store,
  key: string,
  record: ExposureRecord,
  delta: Delta | null,
): Promise<boolean> {
  return store.run(stores(delta !== null), 'readwrite', async (tx) => {
    const [seen, pending] = await Promise.all([
      tx.get<ExposureRecord>('exposures', key),
      delta === null
        ? undefined
        : tx.get<PendingRecord>('pending', armKey(delta.decision, delta.context, delta.arm)),
    ]);
    if (seen !== undefined) return false;
    tx.put('exposures', key, record);
    if (delta !== null) addPending(tx, [delta], [pending]);
    return true;
  });
}

/**
 * Counts a conversion in each of `candidates` whose user has an exposure record (in the
 * variation recorded there). Returns the candidates it counted in.
 */
export function recordConversions<T extends { readonly exposure: string }>(
  store: Store,
  candidates: readonly T[],
  count: (candidate: T, variation: number) => Delta,
  trackPending: boolean,
): Promise<T[]> {
  return store.run(stores(trackPending), 'readwrite', async (tx) => {
    const exposures = await Promise.all(
      candidates.map((c) => tx.get<ExposureRecord>('exposures', c.exposure)),
    );
    const counted = candidates.filter((_, i) => exposures[i] !== undefined);
    if (!trackPending) return counted;
    const deltas = counted.map((c) => count(c, exposures[candidates.indexOf(c)]!.variation));
    const stored = await Promise.all(
      deltas.map((d) => tx.get<PendingRecord>('pending', armKey(d.decision, d.context, d.arm))),
    );
    addPending(tx, deltas, stored);
    return counted;
  });
}
