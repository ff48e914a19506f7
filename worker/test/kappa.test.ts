import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import {
  addDispersion,
  clientTerm,
  createRng,
  type DispersionSums,
  decisionKappa,
  NO_DISPERSION,
  sampleBeta,
} from '@crowdbandit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientShard, type TotalsRow } from '../src/client-shard.ts';
import { appsOf } from '../src/config.ts';
import { clientId, drainAllAlarms, postBatch, priors, pushShards, shardCount } from './helpers.ts';

afterEach(drainAllAlarms);

const ARMS = ['k0', 'k1', 'k2'];

/** Every shard's κ sums per arm of decision `kappa`, summed over shards. */
async function storedSums(): Promise<Map<string, DispersionSums>> {
  const sums = new Map<string, DispersionSums>();
  for (let shard = 0; shard < shardCount('demo'); shard++) {
    const { rows } = await env.SHARDS.getByName(`demo:${shard}`).totals();
    for (const row of rows as TotalsRow[]) {
      if (row[0] !== 'kappa') continue;
      const [, , arm, , , , , , , , k, n, x, q, r] = row;
      sums.set(arm, addDispersion(sums.get(arm) ?? NO_DISPERSION, { k, n, x, q, r }));
    }
  }
  return sums;
}

function expectClose(actual: DispersionSums | undefined, expected: DispersionSums) {
  for (const key of ['k', 'n', 'x', 'q', 'r'] as const) {
    expect(actual?.[key], key).toBeCloseTo(expected[key], 6);
  }
}

describe('κ statistics', () => {
  it('sum each client’s cumulative counts once, through retries, duplicates and restarts, and publish κ from them', async () => {
    const rng = createRng(12);
    const expected = new Map(ARMS.map((arm) => [arm, NO_DISPERSION]));
    for (let c = 0; c < 60; c++) {
      const id = clientId(500 + c);
      const totals = new Map(ARMS.map((arm) => [arm, { x: 0, n: 0 }]));
      let seq = 0;
      // Four batches per client, each replayed now and then; the client's rate is its own.
      const rates = ARMS.map((_, a) => sampleBeta(rng, 4 * (0.2 + 0.2 * a), 4 * (0.8 - 0.2 * a)));
      for (let b = 0; b < 4; b++) {
        const deltas = ARMS.map((arm, a) => {
          let s = 0;
          for (let i = 0; i < 5; i++) if (rng() < rates[a]!) s += 1;
          const t = totals.get(arm)!;
          totals.set(arm, { x: t.x + s, n: t.n + 5 });
          return { decision: 'kappa', context: '', arm, s, f: 5 - s };
        });
        const batch = { clientId: id, seq: ++seq, deltas };
        expect((await postBatch('demo', batch)).status).toBe(200);
        if (rng() < 0.4) {
          const replay = await postBatch('demo', batch, 'binary');
          expect(await replay.json()).toMatchObject({ status: 'duplicate' });
        }
      }
      for (const arm of ARMS) {
        const { x, n } = totals.get(arm)!;
        expected.set(arm, addDispersion(expected.get(arm)!, clientTerm(x, n)));
      }
    }
    const stored = await storedSums();
    for (const arm of ARMS) expectClose(stored.get(arm), expected.get(arm)!);

    // A shard object started again over the same storage (as after an eviction) sums its
    // clients' tallies back into the same totals: the raw sums exactly, the rest up to rounding.
    for (let shard = 0; shard < shardCount('demo'); shard++) {
      const stub = env.SHARDS.getByName(`demo:${shard}`);
      const live = await stub.totals();
      const fresh = await runInDurableObject(stub, (_: ClientShard, state) =>
        new ClientShard(state, env).totals(),
      );
      expect(fresh.version).toBe(live.version);
      expect(fresh.rows.map((r) => r.slice(0, 6))).toEqual(live.rows.map((r) => r.slice(0, 6)));
      fresh.rows.forEach((row, i) => {
        for (const column of [7, 8, 9, 10, 11, 12, 13, 14]) {
          expect(row[column]).toBeCloseTo(live.rows[i]![column] as number, 6);
        }
      });
    }

    // Retried pushes are harmless: the aggregator keeps each shard's latest cumulative sums.
    await pushShards('demo');
    await pushShards('demo');
    const snapshot = await (await priors('demo', '?decision=kappa')).json<{
      kappa: Record<string, { value: number; source: string; clients: number; rho: number }>;
    }>();
    const config = appsOf(env).get('demo')!;
    const { pooled } = decisionKappa(expected, config.kappa);
    expect(snapshot.kappa.kappa).toMatchObject({
      source: pooled.source,
      clients: 180,
    });
    expect(snapshot.kappa.kappa!.value).toBeCloseTo(pooled.kappa, 2);
    expect(snapshot.kappa.kappa!.rho).toBeCloseTo(pooled.rho!, 9);
  }, 60_000);

  it('falls back while too few clients have enough events on an arm, and counts only those', async () => {
    // Under kappa.minClientWeight (10) events, a client is left out of the κ statistics.
    await postBatch('demo', {
      clientId: clientId(700),
      seq: 1,
      deltas: [{ decision: 'sparse', context: '', arm: 'a', s: 5, f: 4 }],
    });
    await postBatch('demo', {
      clientId: clientId(701),
      seq: 1,
      deltas: [{ decision: 'sparse', context: '', arm: 'a', s: 5, f: 5 }],
    });
    await pushShards('demo');
    const snapshot = await (await priors('demo', '?decision=sparse')).json<{
      kappa: Record<string, unknown>;
    }>();
    expect(snapshot.kappa.sparse).toEqual({
      value: 100,
      source: 'fallback',
      clients: 1,
      rho: null,
    });
  });
});
