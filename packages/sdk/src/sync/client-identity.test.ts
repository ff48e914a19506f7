import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, type TestHost, until } from '../../test/host-harness.ts';
import type { HostConfig } from '../host/host-api.ts';
import { openIdbStore } from '../storage/idb-store.ts';
import type { SealedBatch } from '../storage/records.ts';
import type { Store } from '../storage/store.ts';
import { classifySigning } from './client-identity.ts';

const OWN = 'q3Vd0m_Zt8uJkP2x';
const SIGNED = `${OWN}W1n6HqZ0c9LrT4aE`;

/** Seq and status of every batch the edge saw. */
function batches(edge: FakeEdge): Array<[number | undefined, number]> {
  return edge.batches.map((r) => [r.seq, r.status]);
}

async function openStore(factory: IDBFactory, config: HostConfig): Promise<Store> {
  return openIdbStore({ factory, name: config.dbName, timeoutMs: 500, onClosed: () => {} });
}

async function meta(factory: IDBFactory, config: HostConfig) {
  const store = await openStore(factory, config);
  const [clientId, signedClientId] = await store.run(['meta'], 'readonly', (tx) =>
    Promise.all([tx.get<string>('meta', 'clientId'), tx.get<string>('meta', 'signedClientId')]),
  );
  store.close();
  return { clientId, signedClientId };
}

async function likes(t: TestHost, arm: string, n = 1) {
  for (let i = 0; i < n; i++) await t.host.feedback('feed', arm, 'like');
}

/** The edge's fetch, with the signing route unreachable while `down.signing`. */
function withSigningDown(edge: FakeEdge) {
  const down = { signing: true };
  const fetch: typeof globalThis.fetch = (input, init) =>
    down.signing && String(input).endsWith('/clients')
      ? Promise.reject(new TypeError('Failed to fetch'))
      : edge.fetch(input, init);
  return { down, fetch };
}

describe('classifySigning', () => {
  it.each([
    [
      'a signed id',
      200,
      JSON.stringify({ clientId: SIGNED }),
      null,
      { kind: 'signed', clientId: SIGNED },
    ],
    [
      'an id signed for someone else',
      200,
      JSON.stringify({ clientId: `x${SIGNED.slice(1)}` }),
      null,
      expect.objectContaining({ kind: 'retry', code: 'bad_client_id' }),
    ],
    [
      'a 200 that is no id',
      200,
      '{}',
      null,
      expect.objectContaining({ kind: 'retry', code: 'bad_client_id' }),
    ],
    [
      'a 429 with retryAfterMs',
      429,
      JSON.stringify({ error: { code: 'rate_limited', message: 'later', retryAfterMs: 60_000 } }),
      null,
      {
        kind: 'retry',
        offline: false,
        code: 'rate_limited',
        message: 'later',
        retryAfterMs: 60_000,
      },
    ],
    [
      'a 429 with Retry-After',
      429,
      '',
      '30',
      {
        kind: 'retry',
        offline: false,
        code: 'http_429',
        message: 'HTTP 429',
        retryAfterMs: 30_000,
      },
    ],
    [
      'a 400 (an id the edge will not sign)',
      400,
      JSON.stringify({ error: { code: 'invalid_body', message: 'id: too short' } }),
      null,
      { kind: 'refused', status: 400, code: 'invalid_body', message: 'id: too short' },
    ],
    [
      'a 401 (a wrong key)',
      401,
      JSON.stringify({ error: { code: 'unauthorized', message: 'bad key' } }),
      null,
      { kind: 'refused', status: 401, code: 'unauthorized', message: 'bad key' },
    ],
    [
      'a 503',
      503,
      '',
      null,
      { kind: 'retry', offline: false, code: 'http_503', message: 'HTTP 503' },
    ],
  ])('reads %s', (_, status, body, retryAfter, expected) => {
    expect(classifySigning(OWN, status, body, retryAfter)).toEqual(expected);
  });
});

describe('signed client ids', () => {
  it('has a new client id signed once, sends every batch under it and keeps seqs by the own id', async () => {
    const edge = new FakeEdge();
    const factory = new IDBFactory();
    const config = hostConfig();
    const t = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await likes(t, 'm1');
    await t.host.flush();
    await likes(t, 'm2');
    await t.host.flush();
    await t.host.close();
    const { clientId, signedClientId } = await meta(factory, config);
    expect(clientId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(signedClientId).toBe(edge.sign(clientId!));
    expect(edge.signings).toHaveLength(1);
    expect(edge.batches.map((r) => [r.seq, r.clientId, r.status])).toEqual([
      [1, signedClientId, 200],
      [2, signedClientId, 200],
    ]);
    expect(edge.clientIds()).toEqual([clientId]);
    expect(edge.lastSeq(clientId!)).toBe(2);
  });

  it('learns and queues before it has a signed id, then delivers everything exactly once', async () => {
    const edge = new FakeEdge();
    const { down, fetch } = withSigningDown(edge);
    const t = await startHost(hostConfig(), { fetch, random: () => 0.5 });
    await likes(t, 'm1', 2);
    await t.host.feedback('feed', 'm1', 'dislike');
    await t.host.flush();
    // Learned at once and sealed into the outbox, but nothing sent.
    expect(await t.host.posterior('feed', 'm1', undefined)).toMatchObject({ alpha: 3, beta: 2 });
    await until(() => t.status().pendingBatches === 1);
    expect(t.status()).toMatchObject({ online: false, lastAckedSeq: 0 });
    expect(t.of('error')).toContainEqual(
      expect.objectContaining({
        source: 'network',
        message: expect.stringMatching(/^the client has no signed id yet .*wait in the outbox$/),
      }),
    );
    expect(edge.posts).toBe(0);
    // The edge is back, but this address asked for too many ids: wait as long as it says.
    edge.signingFaults.push({
      kind: 'status',
      status: 429,
      code: 'rate_limited',
      retryAfterMs: 150,
    });
    down.signing = false;
    await until(() => t.of('error').some((e) => e.code === 'rate_limited'));
    await until(() => t.status().lastAckedSeq === 1);
    const waits = t.of('sync').flatMap((s) => (s.retryInMs === undefined ? [] : [s.retryInMs]));
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(150);
    expect(batches(edge)).toEqual([[1, 200]]);
    await likes(t, 'm2');
    await t.host.flush();
    expect(batches(edge)).toEqual([
      [1, 200],
      [2, 200],
    ]);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [2, 1], m2: [1, 0] } } });
    await t.host.close();
  });

  it('sends nothing as the page goes away before it has a signed id; the send loop delivers it later', async () => {
    const edge = new FakeEdge();
    const { down, fetch } = withSigningDown(edge);
    const t = await startHost(hostConfig(), { fetch, random: () => 0.5 });
    await likes(t, 'm1');
    await t.host.unload();
    expect(edge.posts).toBe(0);
    expect(t.status().pendingBatches).toBe(1);
    down.signing = false;
    await until(() => t.status().lastAckedSeq === 1);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await t.host.close();
  });

  it('continues the seqs of an install from before signed ids under its signed id', async () => {
    const factory = new IDBFactory();
    const config = hostConfig();
    const legacy = 'abcdefghijklmnopqrstuv';
    const batch = (seq: number, arm: string): SealedBatch => ({
      id: `batch-${seq}`,
      clientId: legacy,
      seq,
      deltas: [{ decision: 'feed', context: '', arm, s: 1, f: 0 }],
      sealedAt: 1,
    });
    const old = await openStore(factory, config);
    await old.run(['meta', 'outbox'], 'readwrite', async (tx) => {
      tx.put('meta', 'clientId', legacy);
      tx.put('meta', 'schemaVersion', 1);
      tx.put('meta', 'nextSeq', 5);
      tx.put('meta', 'lastAckedSeq', 2);
      tx.put('outbox', 3, batch(3, 'm3'));
      tx.put('outbox', 4, batch(4, 'm4'));
    });
    old.close();
    const edge = new FakeEdge();
    // The edge took seqs 1 and 2 of this client, unsigned, before it signed ids.
    edge.knowClient(legacy, 2);
    const t = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await likes(t, 'm5');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0, lastAckedSeq: 5 });
    const signed = edge.sign(legacy);
    expect(edge.batches.map((r) => [r.seq, r.clientId, r.status])).toEqual([
      [3, signed, 200],
      [4, signed, 200],
      [5, signed, 200],
    ]);
    expect(edge.clientIds()).toEqual([legacy]);
    expect(edge.lastSeq(legacy)).toBe(5);
    await t.host.close();
    expect(await meta(factory, config)).toEqual({ clientId: legacy, signedClientId: signed });
  });

  it('has its id signed again after a 401 unsigned_client_id and resends, counting nothing twice', async () => {
    const edge = new FakeEdge();
    const factory = new IDBFactory();
    const config = hostConfig();
    const t = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await likes(t, 'm1');
    await t.host.flush();
    // The edge's secret changed: the stored signature is worthless now.
    edge.rotateSecret();
    await likes(t, 'm2');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0, lastAckedSeq: 2 });
    expect(batches(edge)).toEqual([
      [1, 200],
      [2, 401],
      [2, 200],
    ]);
    expect(edge.signings).toHaveLength(2);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0], m2: [1, 0] } } });
    // A recovery, not a failure.
    expect(t.of('error')).toEqual([]);
    await t.host.close();
    const { clientId, signedClientId } = await meta(factory, config);
    expect(signedClientId).toBe(edge.sign(clientId!));
    expect(edge.batches.at(-1)?.clientId).toBe(signedClientId);
  });

  it('backs off, keeping the batch, when the edge refuses even fresh signatures', async () => {
    const edge = new FakeEdge();
    const fetch: typeof globalThis.fetch = (input, init) => {
      if (String(input).endsWith('/deltas')) edge.rotateSecret();
      return edge.fetch(input, init);
    };
    const t = await startHost(hostConfig(), { fetch, random: () => 0.99 });
    await likes(t, 'm1');
    const status = await t.host.flush();
    expect(status).toMatchObject({ state: 'backoff', pendingBatches: 1 });
    expect(t.of('error')).toContainEqual(
      expect.objectContaining({ source: 'edge', code: 'unsigned_client_id' }),
    );
    // The first signature and two fresh ones, each refused.
    expect(edge.signings).toHaveLength(3);
    expect(batches(edge)).toEqual([
      [1, 401],
      [1, 401],
      [1, 401],
    ]);
    expect(edge.totals()).toEqual({});
    await t.host.close();
  });

  it('keeps its signed id across a restart', async () => {
    const edge = new FakeEdge();
    const factory = new IDBFactory();
    const config = hostConfig();
    const first = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await likes(first, 'm1');
    await first.host.flush();
    await first.host.close();
    const second = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await likes(second, 'm2');
    await second.host.flush();
    expect(edge.signings).toHaveLength(1);
    const [a, b] = edge.batches;
    expect(b?.clientId).toBe(a?.clientId);
    expect(batches(edge)).toEqual([
      [1, 200],
      [2, 200],
    ]);
    await second.host.close();
  });

  it('has a new id signed after clear()', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    await likes(t, 'm1');
    await t.host.flush();
    await t.host.clear();
    await likes(t, 'm2');
    await t.host.flush();
    expect(edge.signings).toHaveLength(2);
    const [before, after] = edge.clientIds();
    expect(after).not.toBe(before);
    expect(edge.lastSeq(after!)).toBe(1);
    expect(new Set(edge.batches.map((r) => r.clientId)).size).toBe(2);
    await t.host.close();
  });
});
