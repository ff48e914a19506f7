// Internal: the exactness rule, used by the sync code only. A snapshot lists, per shard, the
// shard version it merged; an acknowledged batch is in it iff
// shards[ack.shard] >= ack.shardVersion. Those batches move from `acked` to `included`.
import { armKey, decayed, NO_EVIDENCE } from '@crowdbandit/core';
import { isExperimentDecision, type PriorsSnapshot } from '@crowdbandit/protocol/client';
import type { HalfLifeOf } from './evidence-ops.ts';
import { type Community, ownIncluded } from './priors-ops.ts';
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
  // Experiment counts are in no priors snapshot: nothing of theirs is subtracted.
  const counted = records.map((r) => ({
    ...r,
    deltas: r.deltas.filter((d) => !isExperimentDecision(d.decision)),
  }));
  const keys = new Set<string>();
  for (const r of counted) for (const d of r.deltas) keys.add(armKey(d.decision, d.context, d.arm));
  const stored = await Promise.all([...keys].map((key) => tx.get<EvidenceRecord>('included', key)));
  const sums = new Map([...keys].map((key, i) => [key, stored[i] ?? NO_EVIDENCE]));
  for (const r of counted) {
    for (const d of r.deltas) {
      const key = armKey(d.decision, d.context, d.arm);
      const base = decayed(sums.get(key)!, r.at, halfLifeOf(d.decision));
      sums.set(key, { s: base.s + d.s, f: base.f + d.f, t: Math.max(base.t, r.at) });
    }
  }
  for (const [key, value] of sums) tx.put('included', key, value);
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
