import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { FakeLocks } from '../../test/fake-locks.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';

/** Two tabs of one app: one database, one lock manager, one BroadcastChannel name. */
async function twoTabs(options: { priorsPollMs?: number } = {}) {
  const edge = new FakeEdge();
  const factory = new IDBFactory();
  const locks = new FakeLocks();
  const config = hostConfig({ priorsPollMs: options.priorsPollMs ?? 3_600_000 });
  const sent = { a: 0, b: 0 };
  const counted =
    (tab: 'a' | 'b'): typeof fetch =>
    (input, init) => {
      if (String(input).endsWith('/deltas')) sent[tab] += 1;
      return edge.fetch(input, init);
    };
  const a = await startHost(config, {
    fetch: counted('a'),
    indexedDB: factory,
    locks: locks.manager,
  });
  const b = await startHost(config, {
    fetch: counted('b'),
    indexedDB: factory,
    locks: locks.manager,
  });
  return { edge, a, b, sent, config, factory, locks };
}

describe('tabs sharing one database', () => {
  it('elect one leader, and only the leader sends', async () => {
    const { edge, a, b, sent } = await twoTabs();
    expect(a.status().leader).toBe(true);
    expect(b.status().leader).toBe(false);
    await b.host.feedback('feed', 'm1', 'like');
    await a.host.feedback('feed', 'm2', 'like');
    // A follower saves and asks the leader to send; it reports the leader's last status.
    expect((await b.host.flush()).state).toBe('idle');
    await until(() => edge.totals().feed?.['']?.m1 !== undefined);
    await a.host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0], m2: [1, 0] } } });
    expect(sent).toEqual({ a: sent.a, b: 0 });
    expect(sent.a).toBeGreaterThan(0);
    await until(() => b.status().lastAckedSeq === a.status().lastAckedSeq);
    await a.host.close();
    await b.host.close();
  });

  it('send from a flush called before a free lock is granted, not after it', async () => {
    const edge = new FakeEdge();
    // A browser grants even a free lock after a round trip: the first flush can come first.
    const locks = new FakeLocks(50);
    const tab = await startHost(hostConfig({ priorsPollMs: 3_600_000 }), {
      fetch: edge.fetch,
      indexedDB: new IDBFactory(),
      locks: locks.manager,
    });
    expect(tab.status().leader).toBe(false);
    await tab.host.feedback('feed', 'm1', 'like');
    const status = await tab.host.flush();
    expect(status).toMatchObject({ pendingBatches: 0, lastAckedSeq: 1 });
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await tab.host.close();
  });

  it('hand leadership to the other tab when the leader closes', async () => {
    const { edge, a, b, sent } = await twoTabs();
    await a.host.close();
    await until(() => b.status().leader);
    await b.host.feedback('feed', 'm1', 'like');
    await b.host.flush();
    expect(sent.b).toBe(1);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await b.host.close();
  });

  it("see each other's feedback without overwriting it", async () => {
    const { a, b } = await twoTabs();
    for (let i = 0; i < 5; i++) {
      await a.host.feedback('feed', 'm1', 'like');
      await b.host.feedback('feed', 'm1', 'dislike');
    }
    await until(async () => {
      const pa = await a.host.posterior('feed', 'm1', undefined);
      const pb = await b.host.posterior('feed', 'm1', undefined);
      return pa.alpha === 6 && pa.beta === 6 && pb.alpha === 6 && pb.beta === 6;
    });
    await a.host.close();
    await b.host.close();
  });

  it("share the leader's priors with the followers", async () => {
    const { edge, a, b } = await twoTabs({ priorsPollMs: 10 });
    edge.addCrowd('feed', '', 'm1', 8, 2);
    const snapshot = edge.publish();
    await until(() => b.status().priorsVersion === snapshot.version);
    const fromFollower = await b.host.posterior('feed', 'm1', undefined);
    expect(fromFollower.prior).toBe('community');
    expect(fromFollower.alpha).toBeCloseTo(9, 9);
    expect(fromFollower.beta).toBeCloseTo(3, 9);
    expect(edge.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(0);
    await a.host.close();
    await b.host.close();
  });

  it('start fresh in every tab after clear()', async () => {
    const { a, b } = await twoTabs();
    await a.host.feedback('feed', 'm1', 'like');
    await until(async () => (await b.host.posterior('feed', 'm1', undefined)).alpha === 2);
    await b.host.clear();
    await until(async () => (await a.host.posterior('feed', 'm1', undefined)).alpha === 1);
    await a.host.close();
    await b.host.close();
  });
});
