// The sync code and the interval math are chunks of their own, loaded after local state and
// on first use. A chunk that fails to load (offline, never cached) is simulated by mocking the
// module import to throw: the real failure is a network error that a test in Node cannot
// produce for a local file.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig } from '../../test/host-harness.ts';
import { createEngineHost } from './engine-host.ts';
import type { HostConfig, HostEvent } from './host-api.ts';

afterEach(() => {
  vi.doUnmock('./connect-edge.ts');
  vi.doUnmock('./intervals.ts');
  vi.resetModules();
});

async function start(edge: FakeEdge, overrides: Partial<HostConfig> = {}) {
  const host = createEngineHost({ locks: null, indexedDB: new IDBFactory(), fetch: edge.fetch });
  const events: HostEvent[] = [];
  await host.init(hostConfig(overrides), (event) => {
    if (event !== null) events.push(event);
  });
  return { host, events };
}

/** The error a host reports when the interval chunk did not arrive within `ms`. */
function intervalsNotLoadedWithin(ms: number) {
  return {
    type: 'error',
    payload: {
      source: 'network',
      message: expect.stringContaining(`the interval code did not load within ${ms} ms`),
    },
  };
}

describe('chunks loaded on demand', () => {
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
    expect(await host.flush()).toMatchObject({
      state: 'offline',
      lastError: expect.stringContaining('loading the sync code failed'),
    });
    expect(edge.totals()).toEqual({});
    vi.doUnmock('./connect-edge.ts');
    vi.resetModules();
    await host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await host.close();
  });

  it('answers explained decisions and posteriors without intervals when their code cannot load', async () => {
    vi.doMock('./intervals.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const { host, events } = await start(new FakeEdge());
    const [item] = await host.rank('feed', [{ id: 'm1' }], { explain: true });
    expect(item?.explanation.interval).toBeUndefined();
    const posterior = await host.posterior('feed', 'm1', undefined);
    expect(posterior).toMatchObject({ arm: 'm1', alpha: 1, beta: 1 });
    expect(posterior.interval).toBeUndefined();
    const errors = events.filter((e) => e.type === 'error').map((e) => e.payload.message);
    expect(errors).toEqual([
      expect.stringContaining('loading the interval code failed'),
      expect.stringContaining('loading the interval code failed'),
    ]);
    vi.doUnmock('./intervals.ts');
    vi.resetModules();
    expect((await host.posterior('feed', 'm1', undefined)).interval).toHaveLength(2);
    await host.close();
  });

  it('waits for a slow chunk no longer than loadTimeoutMs, so the page never restarts the worker', async () => {
    // A download that never finishes.
    vi.doMock('./intervals.ts', () => new Promise(() => {}));
    const { host, events } = await start(new FakeEdge(), { loadTimeoutMs: 50 });
    // Without the limit this call would never settle (and the test would time out).
    const result = await host.choose('strategy', { explain: true });
    expect(result.arms[0]?.interval).toBeUndefined();
    expect(events).toContainEqual(intervalsNotLoadedWithin(50));
    await host.close();
  });

  it('waits half the call timeout for a chunk when loadTimeoutMs is left out', async () => {
    vi.doMock('./intervals.ts', () => new Promise(() => {}));
    const { host, events } = await start(new FakeEdge(), { callTimeoutMs: 120 });
    await host.choose('strategy', { explain: true });
    expect(events).toContainEqual(intervalsNotLoadedWithin(60));
    await host.close();
  });
});
