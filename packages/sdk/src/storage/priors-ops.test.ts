import type { PriorsSnapshot } from '@crowdbandit/protocol/client';
import { describe, expect, it } from 'vitest';
import { memoryStore } from './memory-store.ts';
import { readCommunity } from './priors-ops.ts';

const HOUR = 3_600_000;

function snapshot(extra: Partial<PriorsSnapshot> = {}): PriorsSnapshot {
  return { app: 'demo', version: 3, generatedAt: HOUR, shards: {}, decisions: {}, ...extra };
}

async function ownShare(extra: Partial<PriorsSnapshot>) {
  const store = memoryStore();
  await store.run(['priors', 'included'], 'readwrite', async (tx) => {
    tx.put('priors', 'current', { snapshot: snapshot(extra), etag: '"3"' });
    // Cumulative evidence the edge counted, exact at t = 0.
    tx.put('included', 'feed//m1', { s: 30, f: 10, t: 0 });
    tx.put('included', 'feed//m2', { s: 3, f: 1, t: 0 });
    tx.put('included', 'still//m1', { s: 30, f: 10, t: 0 });
  });
  // feed's evidence halves every hour; still's does not decay.
  const community = await readCommunity(store, (d) => (d === 'feed' ? HOUR : Infinity));
  return Object.fromEntries(community!.own);
}

describe('ownIncluded', () => {
  it('scales an arm key above the per-client bound as the edge does, then decays it with the totals', async () => {
    expect(await ownShare({ maxWeightPerClient: 10 })).toEqual({
      // 40 > 10: a quarter of it counts, taken at t, and halves by the snapshot's time.
      'feed//m1': { s: 3.75, f: 1.25 },
      // Within the bound: all of it, decayed.
      'feed//m2': { s: 1.5, f: 0.5 },
      'still//m1': { s: 7.5, f: 2.5 },
    });
  });

  it('subtracts all of it when the snapshot publishes no bound (an older edge)', async () => {
    expect(await ownShare({})).toEqual({
      'feed//m1': { s: 15, f: 5 },
      'feed//m2': { s: 1.5, f: 0.5 },
      'still//m1': { s: 30, f: 10 },
    });
  });
});
