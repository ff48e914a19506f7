import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';

function posts(edge: FakeEdge) {
  return edge.batches.map((r) => [r.seq, r.status]);
}

describe('EngineHost after a crash', () => {
  it('resends the same seq after a crash between seal and ack, and the edge counts it once', async () => {
    const edge = new FakeEdge();
    const factory = new IDBFactory();
    const config = hostConfig();
    const first = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await first.host.feedback('feed', 'm1', 'like');
    edge.faults.push({ kind: 'lose-response' });
    expect((await first.host.flush()).state).toBe('offline');
    first.host.abandon();

    const second = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    expect(second.status().pendingBatches).toBe(1);
    const status = await second.host.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0, lastAckedSeq: 1 });
    expect(posts(edge)).toEqual([
      [1, 0],
      [1, 200],
    ]);
    expect(edge.clientIds()).toHaveLength(1);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await second.host.close();
  });

  it('keeps feedback that was written but not sealed yet', async () => {
    const edge = new FakeEdge();
    const factory = new IDBFactory();
    const config = hostConfig({ endpoint: 'http://edge.test' });
    const first = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await first.host.feedback('feed', 'm1', 'like');
    await first.host.feedback('feed', 'm2', 'dislike');
    await new Promise((resolve) => setTimeout(resolve, 30));
    first.host.abandon();

    const second = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
    await second.host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0], m2: [0, 1] } } });
    await second.host.close();
  });

  it('restores evidence, so a restarted host answers with the same posterior', async () => {
    const factory = new IDBFactory();
    const config = hostConfig({ endpoint: null, publishableKey: null });
    const first = await startHost(config, { indexedDB: factory });
    for (const event of ['like', 'like', 'dislike'] as const)
      await first.host.feedback('feed', 'm1', event);
    const before = await first.host.posterior('feed', 'm1', undefined);
    await until(async () => {
      const probe = await startHost(config, { indexedDB: factory });
      const seen = await probe.host.posterior('feed', 'm1', undefined);
      probe.host.abandon();
      return seen.alpha === before.alpha;
    });
    first.host.abandon();
    const second = await startHost(config, { indexedDB: factory });
    const after = await second.host.posterior('feed', 'm1', undefined);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ alpha: 3, beta: 2 });
    await second.host.close();
  });
});
