// The sync code is a chunk of its own, loaded after local state. A chunk that fails to load
// (offline, never cached) is simulated by mocking the module import to throw: the real
// failure is a network error that a test in Node cannot produce for a local file.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig } from '../../test/host-harness.ts';
import { createEngineHost } from './engine-host.ts';
import type { HostEvent } from './host-api.ts';

afterEach(() => {
  vi.doUnmock('./connect-edge.ts');
  vi.resetModules();
});

async function start(edge: FakeEdge) {
  const host = createEngineHost({ locks: null, indexedDB: new IDBFactory(), fetch: edge.fetch });
  const events: HostEvent[] = [];
  await host.init(hostConfig(), (event) => {
    if (event !== null) events.push(event);
  });
  return { host, events };
}

describe('the sync code', () => {
  it('is not needed to answer decisions and feedback', async () => {
    const edge = new FakeEdge();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.doMock('./connect-edge.ts', async (load) => {
      await gate;
      return load();
    });
    const { host } = await start(edge);
    const ranked = await host.rank('feed', [{ id: 'm1' }, { id: 'm2' }], {});
    expect(ranked.map((item) => item.id).sort()).toEqual(['m1', 'm2']);
    await host.feedback('feed', 'm1', 'like', {});
    release();
    await host.syncStarted();
    await host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await host.close();
  });

  it('reports a failed load, keeps learning, and sends once a flush loads it', async () => {
    const edge = new FakeEdge();
    vi.doMock('./connect-edge.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { host, events } = await start(edge);
    await host.syncStarted();
    expect(events).toContainEqual({
      type: 'error',
      payload: {
        source: 'network',
        message: expect.stringContaining('loading the sync code failed'),
      },
    });
    await host.feedback('feed', 'm1', 'like', {});
    expect((await host.flush()).state).toBe('idle');
    expect(edge.totals()).toEqual({});
    vi.doUnmock('./connect-edge.ts');
    vi.resetModules();
    await host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await host.close();
  });
});
