import { boundedContribution, createRng } from '@crowdbandit/core';
import type { DeltaBatch } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientId,
  drainAllAlarms,
  postBatch,
  priors,
  pushShards,
  rawTotals,
  shardTotals,
} from './helpers.ts';

afterEach(drainAllAlarms);

describe('exactly-once under concurrency', () => {
  it('sums 20 clients × 50 batches sent concurrently with random duplicates exactly', async () => {
    const rng = createRng(2026);
    const arms = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const truth = new Map<string, { s: number; f: number; n: number }>();
    // Per arm, each client's own totals (milli-units), for the bounded sums the crowd publishes.
    const perClient = new Map<string, Map<number, { s: number; f: number }>>();
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
          const own = perClient.get(arm) ?? new Map<number, { s: number; f: number }>();
          const mine = own.get(c) ?? { s: 0, f: 0 };
          own.set(c, { s: mine.s + Math.round(s * 1000), f: mine.f + Math.round(f * 1000) });
          perClient.set(arm, own);
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
    // The admin's raw totals hold every event exactly once…
    const raw = await rawTotals('demo');
    for (const [key, expected] of truth) {
      const arm = key.split('/')[2]!;
      expect(raw.decisions['home-feed']?.['']?.[arm]?.raw).toEqual([
        expected.s / 1000,
        expected.f / 1000,
        expected.n,
      ]);
    }
    // …and the crowd publishes each client's cumulative totals bounded, however batched.
    const snapshot = await (await priors('demo')).json<{
      decisions: Record<string, Record<string, Record<string, [number, number]>>>;
      maxWeightPerClient: number;
    }>();
    const bound = snapshot.maxWeightPerClient;
    expect(bound).toBeGreaterThan(0);
    for (const [arm, own] of perClient) {
      let s = 0;
      let f = 0;
      for (const totals of own.values()) {
        const b = boundedContribution({ s: totals.s / 1000, f: totals.f / 1000 }, bound);
        s += b.s;
        f += b.f;
      }
      const published = snapshot.decisions['home-feed']?.['']?.[arm];
      expect(published?.[0]).toBeCloseTo(s, 2);
      expect(published?.[1]).toBeCloseTo(f, 2);
    }
  }, 60_000);
});
