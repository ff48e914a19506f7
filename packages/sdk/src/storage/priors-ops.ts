// Internal: the stored community priors with this client's share in them (the `included`
// totals, which blending subtracts so this client's own feedback never counts twice).
import { boundedScale, type Counts, decayed } from '@crowdbandit/core';
import type { PriorsSnapshot } from '@crowdbandit/protocol/client';
import type { HalfLifeOf } from './evidence-ops.ts';
import type { EvidenceRecord, PriorsRecord } from './records.ts';
import type { Store, Tx } from './store.ts';

/**
 * This client's included contributions as the snapshot counts them, by arm key: each arm
 * key's cumulative (s, f), exact at its time t, scaled as the edge bounds one client
 * (to s + f ≤ `maxWeightPerClient`, the scale taken at t) and decayed with the totals to the
 * snapshot's time.
 */
export async function ownIncluded(
  tx: Tx,
  snapshot: PriorsSnapshot,
  halfLifeOf: HalfLifeOf,
): Promise<Map<string, Counts>> {
  const own = new Map<string, Counts>();
  // An edge that publishes no bound counts every client whole.
  const bound = snapshot.maxWeightPerClient ?? Number.POSITIVE_INFINITY;
  for (const [key, r] of await tx.entries<EvidenceRecord>('included')) {
    const decision = String(key).slice(0, String(key).indexOf('/'));
    const k = boundedScale(r, bound);
    const { s, f } = decayed(r, snapshot.generatedAt, halfLifeOf(decision));
    own.set(String(key), { s: s * k, f: f * k });
  }
  return own;
}

/** A snapshot ready for `engine.setCommunity`. */
export interface Community {
  readonly snapshot: PriorsSnapshot;
  readonly etag: string | null;
  readonly own: ReadonlyMap<string, Counts>;
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
