import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type Delta, experimentDelta } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentRow } from '../src/experiment-writes.ts';
import type { PriorsAggregator } from '../src/priors-aggregator.ts';
import {
  type AppId,
  admin,
  call,
  clientId,
  drainAllAlarms,
  postBatch,
  priors,
  pushShards,
  shardCount,
  shardTotals,
  signed,
} from './helpers.ts';

afterEach(drainAllAlarms);

const exposure = (experiment: string, variation: number, phase = 1): Delta =>
  experimentDelta({ experiment, phase, variation, metric: null, value: 1 });

const conversion = (
  experiment: string,
  variation: number,
  metric: string,
  value = 1,
  phase = 1,
): Delta => experimentDelta({ experiment, phase, variation, metric, value });

const like = (arm: string) => ({ decision: 'home-feed', context: '', arm, s: 1, f: 0 });

type Sums = { users: number; sum: number; sumsq: number; unexposed: number };

/** Every shard's experiment sums of one experiment, summed per `phase/variation/metric`. */
async function shardSums(app: AppId, experiment: string): Promise<Map<string, Sums>> {
  const out = new Map<string, Sums>();
  for (let shard = 0; shard < shardCount(app); shard++) {
    const { rows } = await env.SHARDS.getByName(`${app}:${shard}`).experiments();
    for (const [
      name,
      phase,
      variation,
      metric,
      users,
      sum,
      sumsq,
      unexposed,
    ] of rows as ExperimentRow[]) {
      if (name !== experiment) continue;
      const key = `${phase}/${variation}/${metric}`;
      const was = out.get(key) ?? { users: 0, sum: 0, sumsq: 0, unexposed: 0 };
      out.set(key, {
        users: was.users + users,
        sum: was.sum + sum,
        sumsq: was.sumsq + sumsq,
        unexposed: was.unexposed + unexposed,
      });
    }
  }
  return out;
}

/** The aggregator's merged experiment sums of one experiment, per `phase/variation/metric`. */
async function mergedSums(app: AppId, experiment: string) {
  return runInDurableObject(env.PRIORS.getByName(app), (_: PriorsAggregator, state) => {
    const rows = state.storage.sql
      .exec<{ phase: number; variation: number; metric: string; users: number; sum: number }>(
        `SELECT phase, variation, metric, SUM(users) AS users, SUM(sum) AS sum FROM exp_totals
         WHERE experiment = ? GROUP BY phase, variation, metric`,
        experiment,
      )
      .toArray();
    return Object.fromEntries(
      rows.map((r) => [`${r.phase}/${r.variation}/${r.metric}`, [r.users, r.sum]]),
    );
  });
}

async function accepted(res: Promise<Response>, status = 'accepted') {
  const answer = await res;
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ status });
}

describe('experiment counts in POST /v1/apps/:app/deltas', () => {
  it('counts an exposed user once, however often the batch is retried or the exposure resent', async () => {
    const batch = { clientId: clientId(1), seq: 1, deltas: [exposure('once', 0)] };
    await accepted(postBatch('demo', batch));
    await accepted(postBatch('demo', batch), 'duplicate');
    await accepted(postBatch('demo', batch, 'binary'), 'duplicate');
    await accepted(postBatch('demo', { ...batch, seq: 2 }));
    expect(await shardSums('demo', 'once')).toEqual(
      new Map([['1/0/', { users: 1, sum: 0, sumsq: 0, unexposed: 0 }]]),
    );
  });

  it('counts a user converting twice once, summing the values per user', async () => {
    const a = clientId(10);
    const b = clientId(11);
    await accepted(postBatch('demo', { clientId: a, seq: 1, deltas: [exposure('twice', 1)] }));
    await accepted(
      postBatch('demo', { clientId: a, seq: 2, deltas: [conversion('twice', 1, 'buy', 2)] }),
    );
    await accepted(
      postBatch('demo', { clientId: a, seq: 3, deltas: [conversion('twice', 1, 'buy', 3)] }),
    );
    // Exposure and conversion in one batch count, in the binary form too.
    await accepted(
      postBatch(
        'demo',
        { clientId: b, seq: 1, deltas: [conversion('twice', 1, 'buy', 1.5), exposure('twice', 1)] },
        'binary',
      ),
    );
    const sums = await shardSums('demo', 'twice');
    expect(sums.get('1/1/')).toEqual({ users: 2, sum: 0, sumsq: 0, unexposed: 0 });
    // Per user: a converted 5 (milli 5000), b 1.5 (1500); Σx² over users, not over events.
    expect(sums.get('1/1/buy')).toEqual({
      users: 2,
      sum: 6500,
      sumsq: 5000 ** 2 + 1500 ** 2,
      unexposed: 0,
    });
  });

  it('does not count a conversion from a client not exposed to that phase and variation', async () => {
    const c = clientId(20);
    await accepted(postBatch('demo', { clientId: c, seq: 1, deltas: [exposure('strict', 0)] }));
    await accepted(
      postBatch('demo', {
        clientId: c,
        seq: 2,
        deltas: [
          conversion('strict', 1, 'buy'), // another variation
          conversion('strict', 0, 'buy', 1, 2), // another phase
          conversion('other', 0, 'buy'), // another experiment
        ],
      }),
    );
    const sums = await shardSums('demo', 'strict');
    expect(sums.get('1/0/')?.users).toBe(1);
    expect(sums.get('1/1/buy')).toEqual({ users: 0, sum: 0, sumsq: 0, unexposed: 1 });
    expect(sums.get('2/0/buy')).toEqual({ users: 0, sum: 0, sumsq: 0, unexposed: 1 });
    // A later exposure does not revive a conversion that came before it.
    await accepted(postBatch('demo', { clientId: c, seq: 3, deltas: [exposure('strict', 1)] }));
    expect((await shardSums('demo', 'strict')).get('1/1/buy')?.users).toBe(0);
  });

  it('keeps experiment counts out of the priors totals, bounded sums, κ and stats', async () => {
    const before = await shardTotals('tight');
    await accepted(
      postBatch('tight', {
        clientId: clientId(30),
        seq: 1,
        deltas: [exposure('apart', 0), conversion('apart', 0, 'buy', 4), like('kept')],
      }),
    );
    const after = await shardTotals('tight');
    expect([...after.sums.keys()].filter((k) => !before.sums.has(k))).toEqual(['home-feed//kept']);
    await pushShards('tight');
    const snapshot = await (await priors('tight')).json<{ decisions: Record<string, unknown> }>();
    expect(Object.keys(snapshot.decisions).filter((d) => d.startsWith('$'))).toEqual([]);
    const totals = await (await call('/v1/apps/tight/totals', { headers: admin() })).json<{
      decisions: Record<string, unknown>;
    }>();
    expect(Object.keys(totals.decisions).filter((d) => d.startsWith('$'))).toEqual([]);
    const stats = await (await call('/v1/apps/tight/stats', { headers: admin() })).json<{
      decisions: { decision: string }[];
    }>();
    expect(stats.decisions.map((d) => d.decision).filter((d) => d.startsWith('$'))).toEqual([]);
    expect(await mergedSums('tight', 'apart')).toEqual({ '1/0/': [1, 0], '1/0/buy': [1, 4000] });
  });

  it.each([
    ['a phase that is not a whole number', { context: 'one' }, 'context', 1],
    ['an arm that is no variation index', { arm: 'control' }, 'arm', 2],
    ['a metric key with a space', { arm: '0/my metric' }, 'arm', 3],
    ['a failure weight', { f: 1 }, 'f', 4],
    ['a bad experiment key', { decision: '$exp/no key' }, 'decision', 5],
  ])(
    'refuses a batch holding %s with 400 at its path and counts nothing of it',
    async (_, bad, field, n) => {
      const c = clientId(40 + n);
      const name = `refused-${n}`;
      const before = await shardTotals('demo');
      for (const form of ['json', 'binary'] as const) {
        const res = await postBatch(
          'demo',
          {
            clientId: c,
            seq: 1,
            deltas: [like(name), exposure(name, 0), { ...exposure(name, 1), ...bad }],
          },
          form,
        );
        expect(res.status).toBe(400);
        const body = await res.json<{ error: { code: string; issues: { path: string }[] } }>();
        expect(body.error.code).toBe('invalid_body');
        expect(body.error.issues.map((i) => i.path)).toEqual([`deltas.2.${field}`]);
      }
      expect(await shardTotals('demo')).toEqual(before);
      expect(await shardSums('demo', name)).toEqual(new Map());
      // The seq was not used up: the client's corrected batch is its first.
      await accepted(postBatch('demo', { clientId: c, seq: 1, deltas: [exposure(name, 0)] }));
    },
  );

  it('pushes cumulative sums that the aggregator replaces per shard, so a repeated push changes nothing', async () => {
    for (let i = 0; i < 12; i++) {
      const c = clientId(100 + i);
      await accepted(
        postBatch('demo', {
          clientId: c,
          seq: 1,
          deltas: [
            exposure('merged', i % 2),
            ...(i % 3 === 0 ? [conversion('merged', i % 2, 'buy', 2)] : []),
          ],
        }),
      );
    }
    await pushShards('demo');
    const merged = await mergedSums('demo', 'merged');
    // Clients 0, 3, 6, 9 converted: 0 and 6 on variation 0, 3 and 9 on variation 1.
    expect(merged).toEqual({
      '1/0/': [6, 0],
      '1/1/': [6, 0],
      '1/0/buy': [2, 4000],
      '1/1/buy': [2, 4000],
    });
    for (let shard = 0; shard < shardCount('demo'); shard++) {
      const stub = env.SHARDS.getByName(`demo:${shard}`);
      const { version, rows } = await stub.experiments();
      const { rows: totals } = await stub.totals();
      await env.PRIORS.getByName('demo').merge('demo', shard, version, totals, [], rows);
    }
    expect(await mergedSums('demo', 'merged')).toEqual(merged);
  });

  it('takes a removed client’s exposures and conversions back out', async () => {
    const c = clientId(50);
    await accepted(
      postBatch('demo', {
        clientId: c,
        seq: 1,
        deltas: [exposure('removal', 0), conversion('removal', 0, 'buy', 2)],
      }),
    );
    await accepted(
      postBatch('demo', { clientId: clientId(51), seq: 1, deltas: [exposure('removal', 0)] }),
    );
    const res = await call(`/v1/apps/demo/clients/${await signed('demo', c)}`, {
      method: 'DELETE',
      headers: admin(),
    });
    expect(await res.json()).toMatchObject({ removedExperimentCounts: 2 });
    const sums = await shardSums('demo', 'removal');
    expect(sums.get('1/0/')?.users).toBe(1);
    expect(sums.get('1/0/buy')).toEqual({ users: 0, sum: 0, sumsq: 0, unexposed: 0 });
  });
});
