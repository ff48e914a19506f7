// Internal: how full the outbox is, read at start-up (kept apart from outbox-ops.ts so a
// client that has not loaded its sync code yet can report it).
import type { Store } from './store.ts';

/** Batches waiting in the outbox and the highest acknowledged seq. */
export function outboxSummary(
  store: Store,
): Promise<{ pendingBatches: number; lastAckedSeq: number }> {
  return store.run(['outbox', 'meta'], 'readonly', async (tx) => {
    const [pendingBatches, lastAckedSeq] = await Promise.all([
      tx.count('outbox'),
      tx.get<number>('meta', 'lastAckedSeq'),
    ]);
    return { pendingBatches, lastAckedSeq: lastAckedSeq ?? 0 };
  });
}
