// Internal: community priors and the exactness rule. A snapshot lists, per shard, the shard
// version it merged; an acknowledged batch is in it iff shards[ack.shard] >= ack.shardVersion.
// Those batches move from `acked` to `included`, whose totals are subtracted from the
// snapshot's, so this client's own feedback never counts twice.
import { armKey, type Counts, decayed, NO_EVIDENCE } from '@crowdbandit/core';
import type { PriorsSnapshot } from '@crowdbandit/protocol/client';
import type { HalfLifeOf } from './evidence-ops.ts';
import type { AckedRecord, EvidenceRecord, PriorsRecord } from './records.ts';
import type { Store, Tx } from './store.ts';

/** True when a snapshot with these shard versions contains the acknowledged batch. */
export function isIncluded(
  shards: PriorsSnapshot['shards'],
  ack: Pick<AckedRecord, 'shard' | 'shardVersion'>,
): boolean {
  const version = shards[String(ack.shard)];
  return version !== undefined && version >= ack.shardVersion;
}

/** Adds acknowledged batches to `included`, decayed like evidence. */
export async function addIncluded(
  tx: Tx,
  records: readonly AckedRecord[],
  halfLifeOf: HalfLifeOf,
): Promise<void> {
  const keys = new Set<string>();
  for (const r of records) for (const d of r.deltas) keys.add(armKey(d.decision, d.context, d.arm));
  const stored = await Promise.all([...keys].map((key) => tx.get<EvidenceRecord>('included', key)));
  const sums = new Map([...keys].map((key, i) => [key, stored[i] ?? NO_EVIDENCE]));
  for (const r of records) {
    for (const d of r.deltas) {
      const key = armKey(d.decision, d.context, d.arm);
      const base = decayed(sums.get(key)!, r.at, halfLifeOf(d.decision));
      sums.set(key, { s: base.s + d.s, f: base.f + d.f, t: Math.max(base.t, r.at) });
    }
  }
  for (const [key, value] of sums) tx.put('included', key, value);
}

/** This client's included contributions as of the snapshot, by arm key. */
async function ownIncluded(
  tx: Tx,
  snapshot: PriorsSnapshot,
  halfLifeOf: HalfLifeOf,
): Promise<Map<string, Counts>> {
  const own = new Map<string, Counts>();
  for (const [key, r] of await tx.entries<EvidenceRecord>('included')) {
    const decision = String(key).slice(0, String(key).indexOf('/'));
    const { s, f } = decayed(r, snapshot.generatedAt, halfLifeOf(decision));
    own.set(String(key), { s, f });
  }
  return own;
}

/** A snapshot ready for `engine.setCommunity`. */
export interface Community {
  readonly snapshot: PriorsSnapshot;
  readonly etag: string | null;
  readonly own: ReadonlyMap<string, Counts>;
}

/**
 * Stores a new snapshot, moves the acknowledged batches it includes into `included`, and
 * returns it with this client's share.
 */
export function storeSnapshot(
  store: Store,
  snapshot: PriorsSnapshot,
  etag: string | null,
  halfLifeOf: HalfLifeOf,
): Promise<Community> {
  return store.run(['priors', 'acked', 'included'], 'readwrite', async (tx) => {
    const acked = await tx.entries<AckedRecord>('acked');
    const now = acked.filter(([, r]) => isIncluded(snapshot.shards, r));
    await addIncluded(
      tx,
      now.map(([, r]) => r),
      halfLifeOf,
    );
    for (const [key] of now) tx.delete('acked', key);
    tx.put('priors', 'current', { snapshot, etag } satisfies PriorsRecord);
    return { snapshot, etag, own: await ownIncluded(tx, snapshot, halfLifeOf) };
  });
}

/** The stored snapshot with this client's share, or null before the first one. */
export function readCommunity(store: Store, halfLifeOf: HalfLifeOf): Promise<Community | null> {
  return store.run(['priors', 'included'], 'readonly', async (tx) => {
    const record = await tx.get<PriorsRecord>('priors', 'current');
    if (record === undefined) return null;
    return {
      snapshot: record.snapshot,
      etag: record.etag,
      own: await ownIncluded(tx, record.snapshot, halfLifeOf),
    };
  });
}
