import { createRng } from '@crowdbandit/core';
import type { DeltaBatch } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { clientId, drainAllAlarms, postBatch, priors, pushShards, shardTotals } from './helpers.ts';

afterEach(drainAllAlarms);

describe('exactly-once under concurrency', () => {
  it('sums 20 clients × 50 batches sent concurrently with random duplicates exactly', async () => {
    const rng = createRng(2026);
    const arms = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const truth = new Map<string, { s: number; f: number; n: number }>();
    const clients = Array.from({ length: 20 }, (_, c) => {
      const batches: DeltaBatch[] = [];
      for (let seq = 1; seq <= 50; seq++) {
        const picked = new Set(
          Array.from(
            { length: 1 + Math.floor(rng() * 4) },
            () => arms[Math.floor(rng() * arms.length)]!,
          ),
        );
        const deltas = [...picked].map((arm) => {
          const s = Math.round(rng() * 2000) / 1000;
          const f = Math.round(rng() * 2000) / 1000;
          const n = Math.floor(rng() * 3);
          const key = `home-feed//${arm}`;
          const sum = truth.get(key) ?? { s: 0, f: 0, n: 0 };
          truth.set(key, {
            s: sum.s + Math.round(s * 1000),
            f: sum.f + Math.round(f * 1000),
            n: sum.n + n,
          });
          return { decision: 'home-feed', context: '', arm, s, f, n };
        });
        batches.push({ clientId: clientId(100 + c), seq, deltas });
      }
      return batches;
    });
    // Clients run in parallel; each sends its batches in order (one in flight), replaying
    // about a third of them, sometimes in the other wire form.
    const statuses: number[] = [];
    await Promise.all(
      clients.map(async (batches) => {
        for (const batch of batches) {
          const res = await postBatch('demo', batch, rng() < 0.5 ? 'json' : 'binary');
          statuses.push(res.status);
          await res.body?.cancel();
          if (rng() < 0.35) {
            const replay = await postBatch('demo', batch, rng() < 0.5 ? 'json' : 'binary');
            expect(await replay.json()).toMatchObject({ status: 'duplicate', seq: batch.seq });
          }
        }
      }),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const { sums } = await shardTotals('demo');
    for (const [key, expected] of truth) expect(sums.get(key), key).toEqual(expected);

    await pushShards('demo');
    const snapshot = await (await priors('demo')).json<{
      decisions: Record<string, Record<string, Record<string, [number, number]>>>;
    }>();
    for (const [key, expected] of truth) {
      const arm = key.split('/')[2]!;
      expect(snapshot.decisions['home-feed']?.['']?.[arm]).toEqual([
        expected.s / 1000,
        expected.f / 1000,
      ]);
    }
  }, 60_000);
});
