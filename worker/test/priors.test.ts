import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { shardOf } from '@crowdbandit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientShard } from '../src/client-shard.ts';
import {
  clientId,
  drainAllAlarms,
  postBatch,
  priors,
  pushedRow,
  pushShards,
  shardCount,
  shardStub,
} from './helpers.ts';

afterEach(drainAllAlarms);

interface Snapshot {
  version: number;
  shards: Record<string, number>;
  decisions: Record<string, Record<string, Record<string, [number, number]>>>;
}

describe('community priors', () => {
  it('publishes nothing until a shard alarm pushes its totals, then bumps the version', async () => {
    const before = await (await priors('demo')).json<Snapshot>();
    const ack = await (
      await postBatch('demo', {
        clientId: clientId(1),
        seq: 1,
        deltas: [{ decision: 'home-feed', context: '', arm: 'a1', s: 2, f: 1 }],
      })
    ).json<{ shard: number; shardVersion: number }>();
    expect((await (await priors('demo')).json<Snapshot>()).version).toBe(before.version);
    expect(
      await runInDurableObject(shardStub('demo', clientId(1)), async (_: ClientShard, ctx) =>
        ctx.storage.getAlarm(),
      ),
    ).not.toBeNull();

    await pushShards('demo');
    const after = await (await priors('demo')).json<Snapshot>();
    expect(after.version).toBe(before.version + 1);
    expect(after.decisions['home-feed']?.['']?.a1).toEqual([2, 1]);
    // The snapshot names the shard versions it merged: the client can tell its batch is in.
    expect(after.shards[String(ack.shard)]).toBeGreaterThanOrEqual(ack.shardVersion);
  });

  it('answers If-None-Match with the current version by 304 and a stale one with the snapshot', async () => {
    await postBatch('demo', {
      clientId: clientId(2),
      seq: 1,
      deltas: [{ decision: 'home-feed', context: '', arm: 'a2', s: 1, f: 0 }],
    });
    await pushShards('demo');
    const res = await priors('demo');
    const etag = res.headers.get('etag')!;
    const { version } = await res.json<Snapshot>();
    expect(etag).toBe(`"${version}"`);
    const same = await priors('demo', '', { 'if-none-match': etag });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    const stale = await priors('demo', '', { 'if-none-match': `"${version - 1}"` });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });

  it('filters the snapshot to one decision', async () => {
    await postBatch('demo', {
      clientId: clientId(3),
      seq: 1,
      deltas: [
        { decision: 'home-feed', context: '', arm: 'x', s: 1, f: 0 },
        { decision: 'strategy', context: 'timeOfDay=evening', arm: 'gems', s: 1, f: 0 },
      ],
    });
    await pushShards('demo');
    const only = await (await priors('demo', '?decision=strategy')).json<Snapshot>();
    expect(Object.keys(only.decisions)).toEqual(['strategy']);
    expect(only.decisions.strategy).toEqual({ 'timeOfDay=evening': { gems: [1, 0] } });
    const bad = await priors('demo', '?decision=no%20spaces');
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
  });

  it('ignores a repeated or older shard push, and reordering changes nothing', async () => {
    const stub = env.PRIORS.getByName('demo');
    const rows = [pushedRow('d', '', 'z', 5000, 5000, 0, Date.now())];
    const v0 = await stub.version();
    expect(await stub.merge('demo', 3, 1_000_000, rows)).toEqual({
      applied: true,
      version: v0 + 1,
    });
    expect(await stub.merge('demo', 3, 1_000_000, rows)).toEqual({
      applied: false,
      version: v0 + 1,
    });
    expect(
      await stub.merge('demo', 3, 999_999, [pushedRow('d', '', 'z', 1, 1, 0, Date.now())]),
    ).toEqual({
      applied: false,
      version: v0 + 1,
    });
    const snapshot = JSON.parse((await stub.snapshot('demo')).json) as Snapshot;
    expect(snapshot.decisions.d?.['']?.z).toEqual([5, 5]);
  });

  it('keeps an arm id like __proto__ as an ordinary key', async () => {
    await postBatch('demo', {
      clientId: clientId(4),
      seq: 1,
      deltas: [{ decision: 'home-feed', context: '', arm: '__proto__', s: 1, f: 0 }],
    });
    await pushShards('demo');
    const text = await (await priors('demo')).text();
    const arms = JSON.parse(text).decisions['home-feed'][''];
    expect(Object.getOwnPropertyDescriptor(arms, '__proto__')?.value).toEqual([1, 0]);
  });
});

describe('decay', () => {
  it('halves community totals after the decision half-life', async () => {
    const stub = env.PRIORS.getByName('fading');
    const minuteAgo = Date.now() - 60_000;
    await stub.merge('fading', 0, 1, [pushedRow('news', '', 'story', 8000, 4000, 0, minuteAgo)]);
    const snapshot = JSON.parse((await stub.snapshot('fading')).json) as Snapshot;
    const [s, f] = snapshot.decisions.news?.['']?.story ?? [];
    expect(s).toBeCloseTo(4, 1);
    expect(f).toBeCloseTo(2, 1);
  });

  it('decays a shard total before adding to it', async () => {
    const id = clientId(5);
    await postBatch('fading', {
      clientId: id,
      seq: 1,
      deltas: [{ decision: 'news', context: '', arm: 'n1', s: 4, f: 0 }],
    });
    // The client's tally a minute older (one half-life of 'fading'), as a shard that starts
    // again over that storage reads it; then the next batch lands on the decayed total.
    const row = await runInDurableObject(shardStub('fading', id), async (_: ClientShard, ctx) => {
      ctx.storage.sql.exec(
        `UPDATE clients SET tallies = json_replace(tallies, '$[0][6]', tallies ->> '$[0][6]' - 60000)
         WHERE client_id = ?`,
        id,
      );
      const restarted = new ClientShard(ctx, env);
      await restarted.applyBatch(
        'fading',
        shardOf(id, shardCount('fading')),
        {
          clientId: id,
          seq: 2,
          deltas: [{ decision: 'news', context: '', arm: 'n1', s: 1, f: 0 }],
        },
        true,
      );
      return restarted.totals().rows.find((r) => r[2] === 'n1')!;
    });
    expect(row[3]).toBeCloseTo(2000 + 1000, -1);
  });
});
