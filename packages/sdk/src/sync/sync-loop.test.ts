import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';
import { openIdbStore } from '../storage/idb-store.ts';
import type { RejectedRecord, SealedBatch } from '../storage/records.ts';

/** Seq and status of every batch POST the edge saw. */
function posts(edge: FakeEdge): Array<[number | undefined, number]> {
  return edge.batches.map((r) => [r.seq, r.status]);
}

async function like(host: Awaited<ReturnType<typeof startHost>>['host'], arm: string) {
  await host.feedback('feed', arm, 'like', { item: { features: ['genre:Drama'] } });
}

describe('SyncLoop', () => {
  it('seals pending deltas into a batch, sends it and records the ack', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    await like(t.host, 'm1');
    await like(t.host, 'm1');
    await t.host.feedback('feed', 'm2', 'dislike');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0, lastAckedSeq: 1 });
    expect(edge.totals()).toEqual({ feed: { '': { m1: [2, 0], m2: [0, 1] } } });
    expect(edge.batches).toEqual([
      {
        method: 'POST',
        path: '/v1/apps/demo/deltas',
        seq: 1,
        clientId: expect.any(String),
        status: 200,
      },
    ]);
    expect(t.status()).toMatchObject({
      storage: 'indexeddb',
      leader: true,
      lastAckedSeq: 1,
      pendingBatches: 0,
    });
    await t.host.close();
  });

  it('sends nothing when nothing changed', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    await t.host.flush();
    await t.host.flush();
    expect(edge.posts).toBe(0);
    await t.host.close();
  });

  it('numbers batches consecutively and keeps one in flight at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const edge = new FakeEdge();
    const slow: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/deltas')) return edge.fetch(input, init);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      try {
        return await edge.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    };
    const t = await startHost(hostConfig(), { fetch: slow });
    await like(t.host, 'm0');
    void t.host.flush();
    await until(() => inFlight === 1);
    await like(t.host, 'm1');
    void t.host.flush();
    await like(t.host, 'm2');
    await t.host.flush();
    expect(most).toBe(1);
    expect(posts(edge).map(([seq]) => seq)).toEqual([1, 2]);
    expect(edge.totals()).toEqual({ feed: { '': { m0: [1, 0], m1: [1, 0], m2: [1, 0] } } });
    await t.host.close();
  });

  it('splits more than 1000 changed arm keys into several batches', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    for (let i = 0; i < 1500; i++) await t.host.feedback('feed', `m${i}`, 'click');
    const status = await t.host.flush();
    expect(status.lastAckedSeq).toBe(2);
    expect(Object.keys(edge.totals().feed?.[''] ?? {})).toHaveLength(1500);
    await t.host.close();
  });

  it('treats a duplicate ack as committed and does not resend', async () => {
    const edge = new FakeEdge();
    edge.faults.push({ kind: 'lose-response' });
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    await like(t.host, 'm1');
    const first = await t.host.flush();
    expect(first.state).toBe('offline');
    expect(first.pendingBatches).toBe(1);
    await until(() => t.status().pendingBatches === 0);
    expect(posts(edge)).toEqual([
      [1, 0],
      [1, 200],
    ]);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await t.host.close();
  });

  it('renumbers the outbox from expectedSeq after a 409 and resends', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    await like(t.host, 'm1');
    await t.host.flush();
    await like(t.host, 'm2');
    await t.host.flush();
    const [clientId] = edge.clientIds();
    // The edge lost this client's batches: it expects seq 1 again.
    edge.forget(clientId!, 0);
    await like(t.host, 'm3');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0 });
    expect(posts(edge)).toEqual([
      [1, 200],
      [2, 200],
      [3, 409],
      [1, 200],
    ]);
    // The next batch continues after the renumbered one.
    await like(t.host, 'm4');
    await t.host.flush();
    expect(posts(edge).at(-1)).toEqual([2, 200]);
    expect(edge.lastSeq(clientId!)).toBe(2);
    await t.host.close();
  });

  it('backs off with full jitter on 5xx and succeeds later', async () => {
    const edge = new FakeEdge();
    edge.faults.push(
      { kind: 'status', status: 503, code: 'internal' },
      { kind: 'status', status: 503, code: 'internal' },
    );
    const t = await startHost(hostConfig(), { fetch: edge.fetch, random: () => 0.5 });
    await like(t.host, 'm1');
    const first = await t.host.flush();
    expect(first).toMatchObject({ state: 'backoff', pendingBatches: 1, retryInMs: 10 });
    await until(() => t.status().lastAckedSeq === 1);
    const delays = t.of('sync').flatMap((s) => (s.retryInMs === undefined ? [] : [s.retryInMs]));
    // min(maxMs 200, baseMs 20 * 2^attempt) * random 0.5
    expect(delays).toEqual([10, 20]);
    expect(t.of('error').map((e) => [e.source, e.code])).toEqual([
      ['edge', 'internal'],
      ['edge', 'internal'],
    ]);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await t.host.close();
  });

  it('waits at least retryAfterMs after a 429', async () => {
    const edge = new FakeEdge();
    edge.faults.push({ kind: 'status', status: 429, code: 'rate_limited', retryAfterMs: 80 });
    const t = await startHost(hostConfig(), { fetch: edge.fetch, random: () => 0 });
    await like(t.host, 'm1');
    const first = await t.host.flush();
    expect(first).toMatchObject({ state: 'backoff', retryInMs: 80 });
    const second = await t.host.flush();
    expect(second.state).toBe('backoff');
    expect(edge.posts).toBe(1);
    await until(() => t.status().lastAckedSeq === 1);
    await t.host.close();
  });

  it('reports offline on network errors and online again after a success', async () => {
    const edge = new FakeEdge();
    edge.faults.push({ kind: 'network' });
    const t = await startHost(hostConfig(), { fetch: edge.fetch, random: () => 0 });
    await like(t.host, 'm1');
    const first = await t.host.flush();
    expect(first.state).toBe('offline');
    expect(t.status().online).toBe(false);
    expect(t.of('error')[0]).toMatchObject({ source: 'network' });
    await until(() => t.status().lastAckedSeq === 1);
    expect(t.status().online).toBe(true);
    await t.host.close();
  });

  it('moves a batch the edge rejects with 400 to the rejected store and carries on', async () => {
    const edge = new FakeEdge();
    edge.faults.push({ kind: 'status', status: 400, code: 'invalid_body' });
    const factory = new IDBFactory();
    const config = hostConfig();
    const t = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await like(t.host, 'm1');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0 });
    expect(t.of('error')).toContainEqual(
      expect.objectContaining({ source: 'edge', code: 'invalid_body' }),
    );
    await like(t.host, 'm2');
    await t.host.flush();
    // seq 2 meets a 409 (the edge never took 1) and is renumbered to 1.
    expect(posts(edge)).toEqual([
      [1, 400],
      [2, 409],
      [1, 200],
    ]);
    expect(edge.totals()).toEqual({ feed: { '': { m2: [1, 0] } } });
    await t.host.close();
    const store = await openIdbStore({
      factory,
      name: config.dbName,
      timeoutMs: 500,
      onClosed: () => {},
    });
    const rejected = await store.run(['rejected'], 'readonly', (tx) =>
      tx.entries<RejectedRecord>('rejected'),
    );
    expect(rejected.map(([, r]) => [r.status, r.code, r.batch.deltas])).toEqual([
      [400, 'invalid_body', [{ decision: 'feed', context: '', arm: 'm1', s: 1, f: 0 }]],
    ]);
    store.close();
  });

  it('keeps the batch and backs off when the key is refused', async () => {
    const edge = new FakeEdge({ key: 'pk_right' });
    const t = await startHost(hostConfig({ publishableKey: 'pk_wrong' }), {
      fetch: edge.fetch,
      random: () => 0.99,
    });
    await like(t.host, 'm1');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'backoff', pendingBatches: 1 });
    // The key is first needed to have the client id signed.
    expect(t.of('error').map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /refused to sign the client id \(401 unauthorized.*check publishableKey, appId and endpoint/,
      ),
    );
    expect(edge.posts).toBe(0);
    await t.host.close();
  });

  it('keeps the batch and backs off when the key is refused for a batch', async () => {
    const edge = new FakeEdge();
    const refusing: typeof fetch = (input, init) =>
      String(input).endsWith('/deltas')
        ? edge.fetch(input, { ...init, headers: { ...init?.headers, 'x-crowdbandit-key': 'x' } })
        : edge.fetch(input, init);
    const t = await startHost(hostConfig(), { fetch: refusing, random: () => 0.99 });
    await like(t.host, 'm1');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'backoff', pendingBatches: 1 });
    expect(t.of('error').map((e) => e.message)).toContainEqual(
      expect.stringMatching(
        /refused batch 1 \(401 unauthorized.*check publishableKey, appId and endpoint/,
      ),
    );
    await t.host.close();
  });

  it('sends JSON batches when asked to', async () => {
    const edge = new FakeEdge();
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      if (String(input).endsWith('/deltas')) {
        seen.push(new Headers(init?.headers).get('content-type') ?? '');
      }
      return edge.fetch(input, init);
    };
    const t = await startHost(hostConfig({ transport: 'json' }), { fetch: spy });
    await like(t.host, 'm1');
    await t.host.flush();
    expect(seen).toEqual(['application/json']);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await t.host.close();
  });
});

describe('SealedBatch', () => {
  it('is stored before it is sent', async () => {
    const factory = new IDBFactory();
    const config = hostConfig();
    let outboxAtSend: SealedBatch[] = [];
    const edge = new FakeEdge();
    const peek: typeof fetch = async (input, init) => {
      if (!String(input).endsWith('/deltas')) return edge.fetch(input, init);
      const store = await openIdbStore({
        factory,
        name: config.dbName,
        timeoutMs: 500,
        onClosed: () => {},
      });
      outboxAtSend = (
        await store.run(['outbox'], 'readonly', (tx) => tx.entries<SealedBatch>('outbox'))
      ).map(([, b]) => b);
      store.close();
      throw new TypeError('offline');
    };
    const t = await startHost(config, { fetch: peek, indexedDB: factory });
    await like(t.host, 'm1');
    await t.host.flush();
    expect(outboxAtSend.map((b) => [b.seq, b.deltas])).toEqual([
      [1, [{ decision: 'feed', context: '', arm: 'm1', s: 1, f: 0 }]],
    ]);
    await t.host.close();
  });
});
