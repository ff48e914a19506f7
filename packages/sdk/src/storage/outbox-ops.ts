// Internal: the outbox. Pending increments are sealed into numbered batches in one
// strict-durability transaction before anything is sent; a batch leaves the outbox only when
// the edge acknowledged it (or said it will never take it).
import { type ArmKeyParts, parseArmKey } from '@crowdbandit/core';
import {
  type Ack,
  type Delta,
  EXPERIMENT_DECISION_PREFIX,
  MAX_DELTAS_PER_BATCH,
  mergeDeltas,
} from '@crowdbandit/protocol/client';
import type { HalfLifeOf } from './evidence-ops.ts';
import { addIncluded, isIncluded } from './included-ops.ts';
import type {
  AckedRecord,
  PendingRecord,
  PriorsRecord,
  RejectedRecord,
  SealedBatch,
} from './records.ts';
import type { Store } from './store.ts';

const STRICT = { durability: 'strict' } as const;

/**
 * The parts of a `pending` key. Experiment counts' decisions (`$exp/<experiment>`) hold a
 * slash of their own, which core's parseArmKey would take for the end of the decision.
 */
export function pendingKeyParts(key: string): ArmKeyParts {
  if (!key.startsWith(EXPERIMENT_DECISION_PREFIX)) return parseArmKey(key);
  const parts = parseArmKey(key.slice(EXPERIMENT_DECISION_PREFIX.length));
  return { ...parts, decision: EXPERIMENT_DECISION_PREFIX + parts.decision };
}

/**
 * Seals every pending increment into batches of at most 1000 deltas, numbered from
 * meta.nextSeq, and clears `pending`. Returns how many batches it sealed.
 */
export function sealPending(
  store: Store,
  clientId: string,
  now: number,
  newId: () => string,
): Promise<number> {
  return store.run(
    ['pending', 'outbox', 'meta'],
    'readwrite',
    async (tx) => {
      const [entries, next] = await Promise.all([
        tx.entries<PendingRecord>('pending'),
        tx.get<number>('meta', 'nextSeq'),
      ]);
      if (entries.length === 0) return 0;
      const deltas = mergeDeltas(
        entries.map(([key, p]): Delta => {
          const parts = pendingKeyParts(String(key));
          return p.n > 0 ? { ...parts, s: p.s, f: p.f, n: p.n } : { ...parts, s: p.s, f: p.f };
        }),
      );
      let seq = next ?? 1;
      let sealed = 0;
      for (let i = 0; i < deltas.length; i += MAX_DELTAS_PER_BATCH) {
        const batch: SealedBatch = {
          id: newId(),
          clientId,
          seq,
          deltas: deltas.slice(i, i + MAX_DELTAS_PER_BATCH),
          sealedAt: now,
        };
        tx.put('outbox', seq, batch);
        seq += 1;
        sealed += 1;
      }
      tx.put('meta', 'nextSeq', seq);
      tx.clear('pending');
      return sealed;
    },
    STRICT,
  );
}

/** The batch to send next, if any. */
export function lowestBatch(store: Store): Promise<SealedBatch | undefined> {
  return store.run(
    ['outbox'],
    'readonly',
    async (tx) => (await tx.first<SealedBatch>('outbox'))?.[1],
  );
}

/**
 * Records an acknowledgement: the batch leaves the outbox and waits in `acked` until a priors
 * snapshot includes it (straight into `included` when the current one already does). Returns
 * false when the batch is no longer in the outbox as sent (acknowledged before, renumbered).
 */
export function ackBatch(
  store: Store,
  batch: Pick<SealedBatch, 'seq' | 'id'>,
  ack: Ack,
  now: number,
  halfLifeOf: HalfLifeOf,
): Promise<{ applied: boolean; includedNow: boolean }> {
  return store.run(['outbox', 'acked', 'included', 'priors', 'meta'], 'readwrite', async (tx) => {
    const [current, priors, last] = await Promise.all([
      tx.get<SealedBatch>('outbox', batch.seq),
      tx.get<PriorsRecord>('priors', 'current'),
      tx.get<number>('meta', 'lastAckedSeq'),
    ]);
    if (current === undefined || current.id !== batch.id)
      return { applied: false, includedNow: false };
    tx.delete('outbox', batch.seq);
    tx.put('meta', 'lastAckedSeq', Math.max(last ?? 0, batch.seq));
    const record: AckedRecord = {
      seq: batch.seq,
      shard: ack.shard,
      shardVersion: ack.shardVersion,
      // The edge counts every delta of an accepted batch, exactly once.
      deltas: current.deltas,
      at: now,
    };
    if (priors !== undefined && isIncluded(priors.snapshot.shards, record)) {
      await addIncluded(tx, [record], halfLifeOf);
      return { applied: true, includedNow: true };
    }
    tx.put('acked', batch.id, record);
    return { applied: true, includedNow: false };
  });
}

/**
 * Numbers the outbox afresh from `from` (the seq the edge expects: it lost or never had the
 * batches before ours) and moves meta.nextSeq past them.
 */
export function renumberOutbox(store: Store, from: number): Promise<void> {
  return store.run(
    ['outbox', 'meta'],
    'readwrite',
    async (tx) => {
      const batches = await tx.entries<SealedBatch>('outbox');
      tx.clear('outbox');
      let seq = from;
      for (const [, batch] of batches) {
        tx.put('outbox', seq, { ...batch, seq });
        seq += 1;
      }
      tx.put('meta', 'nextSeq', seq);
    },
    STRICT,
  );
}

/** Moves a batch the edge will never take to `rejected`, so nothing is dropped silently. */
export function rejectBatch(
  store: Store,
  batch: Pick<SealedBatch, 'seq' | 'id'>,
  reason: Omit<RejectedRecord, 'batch'>,
): Promise<void> {
  return store.run(['outbox', 'rejected'], 'readwrite', async (tx) => {
    const current = await tx.get<SealedBatch>('outbox', batch.seq);
    if (current === undefined || current.id !== batch.id) return;
    tx.delete('outbox', batch.seq);
    tx.put('rejected', batch.id, { ...reason, batch: current });
  });
}
