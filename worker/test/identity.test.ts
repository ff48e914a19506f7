import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientShard } from '../src/client-shard.ts';
import {
  type IssuanceLimiter,
  LIMITER_PARTITIONS,
  LIMITER_WRITE_EVERY_MS,
  limiterName,
} from '../src/issuance-limiter.ts';
import {
  call,
  clientId,
  drainAllAlarms,
  keyOf,
  postBatch,
  shardStub,
  shardTotals,
  signed,
} from './helpers.ts';

afterEach(drainAllAlarms);

function issue(app: 'demo' | 'tight', body?: unknown, address = '198.51.100.7') {
  return call(`/v1/apps/${app}/clients`, {
    method: 'POST',
    headers: {
      'x-crowdbandit-key': keyOf(app),
      'cf-connecting-ip': address,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const like = (arm: string) => [{ decision: 'd', context: '', arm, s: 1, f: 0 }];

describe('POST /v1/apps/:app/clients', () => {
  it('signs the id a client made itself, and its batches are accepted', async () => {
    const res = await issue('demo', { id: 'own-id-0001' }, '198.51.100.1');
    const { clientId: id } = await res.json<{ clientId: string }>();
    expect(id).toBe(await signed('demo', 'own-id-0001'));
    expect(id).toHaveLength('own-id-0001'.length + 16);
    const batch = await postBatch('demo', { clientId: id, seq: 1, deltas: like('i1') }, 'json', {
      unsigned: true,
    });
    expect(await batch.json()).toMatchObject({ status: 'accepted', seq: 1 });
  });

  it('makes an id when the client brings none', async () => {
    const res = await issue('demo', undefined, '198.51.100.2');
    const { clientId: id } = await res.json<{ clientId: string }>();
    expect(id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await signed('demo', id.slice(0, 16))).toBe(id);
  });

  it('refuses an id it cannot sign with 400 naming the field', async () => {
    const res = await issue('demo', { id: 'a.b' }, '198.51.100.3');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_body', issues: [{ path: 'id' }] },
    });
  });

  it('lets one address obtain issuePerAddress ids, then answers 429 with when to retry', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await issue('tight', { id: `limit-id-${i}` }, '203.0.113.9');
      statuses.push(res.status);
      await res.body?.cancel();
    }
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await issue('tight', { id: 'limit-id-3' }, '203.0.113.9');
    expect(refused.status).toBe(429);
    const body = await refused.json<{ error: { code: string; retryAfterMs: number } }>();
    expect(body.error.code).toBe('rate_limited');
    // 3 per minute: the next id comes within 20 s.
    expect(body.error.retryAfterMs).toBeGreaterThan(0);
    expect(body.error.retryAfterMs).toBeLessThanOrEqual(20_000);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address has its own budget.
    const other = await issue('tight', { id: 'limit-id-4' }, '203.0.113.10');
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });

  it('counts one IPv6 /64 as one address', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await issue('tight', { id: `six-id-000${i}` }, `2001:db8:1:2::${i + 1}`);
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
    const refused = await issue('tight', { id: 'six-id-0009' }, '2001:db8:1:2:ffff::1');
    expect(refused.status).toBe(429);
    await refused.body?.cancel();
  });
});

describe('the issuance limiter', () => {
  type Row = { row: number; entries: string };
  const rows = (limiter: DurableObjectStub<IssuanceLimiter>) =>
    runInDurableObject(limiter, (_: IssuanceLimiter, state) =>
      state.storage.sql.exec<Row>('SELECT row, entries FROM bucket_rows').toArray(),
    );
  const addresses = (list: Row[]) =>
    list.flatMap((r) => (JSON.parse(r.entries) as [string][]).map(([a]) => a)).sort();

  it('spreads addresses over its partitions, stably', () => {
    const names = new Set(
      Array.from({ length: 100 }, (_, i) => limiterName('demo', `198.51.100.${i}`)),
    );
    expect(names.size).toBe(LIMITER_PARTITIONS);
    expect(limiterName('demo', '203.0.113.9')).toBe(limiterName('demo', '203.0.113.9'));
  });

  it('stores a first take before answering it, and the takes of the next second in one row a second later', async () => {
    const limiter = env.ISSUANCE.getByName('demo:limits:rows');
    expect(await limiter.take('192.0.2.1', 3, 60_000)).toEqual({ ok: true });
    expect(addresses(await rows(limiter))).toEqual(['192.0.2.1']);
    for (let i = 2; i <= 5; i++) {
      expect((await limiter.take(`192.0.2.${i}`, 3, 60_000)).ok).toBe(true);
    }
    // Held in memory for up to a second, with no alarm (which would cost a row).
    expect(addresses(await rows(limiter))).toEqual(['192.0.2.1']);
    await runInDurableObject(limiter, async (_: IssuanceLimiter, state) => {
      expect(await state.storage.getAlarm()).toBeNull();
    });
    await new Promise((done) => setTimeout(done, LIMITER_WRITE_EVERY_MS + 200));
    const stored = await rows(limiter);
    expect(stored).toHaveLength(1);
    expect(addresses(stored)).toEqual([
      '192.0.2.1',
      '192.0.2.2',
      '192.0.2.3',
      '192.0.2.4',
      '192.0.2.5',
    ]);
  });

  it('starts from its stored buckets, leaving out those that have refilled', async () => {
    const limiter = env.ISSUANCE.getByName('demo:limits:restart');
    const now = Date.now();
    await runInDurableObject(limiter, (_: IssuanceLimiter, state) => {
      state.storage.sql.exec(
        'INSERT INTO bucket_rows (row, entries) VALUES (0, ?)',
        JSON.stringify([
          ['198.51.100.1', 0, now, now + 60_000],
          ['198.51.100.2', 0, now - 120_000, now - 60_000],
        ]),
      );
    });
    // An empty bucket stays empty for the rest of its window; a refilled one is gone.
    expect(await limiter.take('198.51.100.1', 3, 60_000)).toMatchObject({ ok: false });
    expect(await limiter.take('198.51.100.2', 3, 60_000)).toEqual({ ok: true });
  });

  it('deletes the storage of a per-address limiter of version 1 when its alarm fires', async () => {
    const limiter = env.ISSUANCE.getByName('demo:198.51.100.77');
    await runInDurableObject(limiter, async (_: IssuanceLimiter, state) => {
      await state.storage.put('bucket', { tokens: 0, at: Date.now() - 3_600_000 });
      await state.storage.setAlarm(Date.now());
    });
    expect(await runDurableObjectAlarm(limiter)).toBe(true);
    await runInDurableObject(limiter, async (_: IssuanceLimiter, state) => {
      expect(await state.storage.get('bucket')).toBeUndefined();
    });
  });
});

describe('batches from ids the edge did not sign', () => {
  it('refuses an unsigned id with 401 unsigned_client_id and changes nothing', async () => {
    const before = await shardTotals('demo');
    const res = await postBatch(
      'demo',
      { clientId: clientId(900), seq: 1, deltas: like('u1') },
      'binary',
      { unsigned: true },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unsigned_client_id' } });
    expect(await shardTotals('demo')).toEqual(before);
  });

  it('refuses a forged signature and an id signed for another app', async () => {
    const own = clientId(901);
    const good = await signed('demo', own);
    const forged = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    const elsewhere = await signed('tight', own);
    for (const id of [forged, elsewhere]) {
      const res = await postBatch('demo', { clientId: id, seq: 1, deltas: like('u2') }, 'json', {
        unsigned: true,
      });
      expect(res.status).toBe(401);
      await res.body?.cancel();
    }
  });

  it('keeps counting a client the shard knew before ids were signed, and its signed id continues its seqs', async () => {
    const legacy = clientId(902);
    // A shard from before signing: the client's row is there, under its own id.
    await runInDurableObject(shardStub('demo', legacy), async (_: ClientShard, ctx) => {
      ctx.storage.sql.exec(
        'INSERT INTO clients (client_id, last_seq, last_version, first_seen) VALUES (?, 1, 0, 0)',
        legacy,
      );
    });
    const unsigned = await postBatch(
      'demo',
      { clientId: legacy, seq: 2, deltas: like('l1') },
      'json',
      { unsigned: true },
    );
    expect(await unsigned.json()).toMatchObject({ status: 'accepted', seq: 2 });
    // The install signs the id it already had: same client, same seq stream.
    const replay = await postBatch('demo', { clientId: legacy, seq: 2, deltas: like('l1') });
    expect(await replay.json()).toMatchObject({ status: 'duplicate', seq: 2 });
    const next = await postBatch('demo', { clientId: legacy, seq: 3, deltas: like('l1') });
    expect(await next.json()).toMatchObject({ status: 'accepted', seq: 3 });
    expect((await shardTotals('demo')).sums.get('d//l1')).toEqual({ s: 2000, f: 0, n: 0 });
  });
});
