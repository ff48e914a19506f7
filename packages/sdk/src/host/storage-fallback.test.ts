import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';
import { SCHEMA_VERSION } from '../storage/migrations.ts';

/** A factory whose databases start failing every transaction on demand (quota, disk). */
function flakyFactory() {
  const real = new IDBFactory();
  let failing = false;
  const factory = {
    open(name: string, version?: number) {
      const request = real.open(name, version);
      request.addEventListener('success', () => {
        const db = request.result;
        const transaction = db.transaction.bind(db);
        db.transaction = ((...args: Parameters<IDBDatabase['transaction']>) => {
          if (failing) throw new DOMException('the quota is used up', 'QuotaExceededError');
          return transaction(...args);
        }) as IDBDatabase['transaction'];
      });
      return request;
    },
    deleteDatabase: (name: string) => real.deleteDatabase(name),
    cmp: (a: unknown, b: unknown) => real.cmp(a, b),
    databases: () => real.databases(),
  } as unknown as IDBFactory;
  return {
    factory,
    fail: () => {
      failing = true;
    },
  };
}

afterEach(() => {
  vi.doUnmock('../storage/memory-store.ts');
  vi.resetModules();
});

describe('storage fallback', () => {
  it('runs in memory and says so when IndexedDB is missing', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch, indexedDB: null });
    expect(t.status().storage).toBe('memory');
    expect(t.of('storage')).toEqual([
      { mode: 'memory', reason: 'IndexedDB is not available in this browser context' },
    ]);
    await t.host.feedback('feed', 'm1', 'like');
    expect((await t.host.posterior('feed', 'm1', undefined)).alpha).toBe(2);
    await t.host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await t.host.close();
  });

  it('runs in memory when open() throws', async () => {
    const broken = {
      open() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const t = await startHost(hostConfig(), { indexedDB: broken });
    expect(t.status().storage).toBe('memory');
    expect(t.of('storage')).toEqual([
      { mode: 'memory', reason: 'IndexedDB could not be opened: The operation is insecure.' },
    ]);
    await t.host.close();
  });

  it('runs in memory when the stored schema is newer than this SDK', async () => {
    const factory = new IDBFactory();
    const config = hostConfig();
    await new Promise<void>((resolve) => {
      const request = factory.open(config.dbName, 99);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    const t = await startHost(config, { indexedDB: factory });
    expect(t.status().storage).toBe('memory');
    expect(t.of('storage')[0]?.reason).toMatch(/^IndexedDB could not be opened: /);
    await t.host.close();
  });

  it('uses memory when asked to', async () => {
    const t = await startHost(hostConfig({ storage: 'memory' }));
    expect(t.status().storage).toBe('memory');
    expect(t.of('storage')).toEqual([
      { mode: 'memory', reason: 'the storage option asks for memory' },
    ]);
    await t.host.close();
  });

  it('moves to memory when a write fails, keeping the evidence and sending it under a new client id', async () => {
    const edge = new FakeEdge();
    const { factory, fail } = flakyFactory();
    const t = await startHost(hostConfig(), { fetch: edge.fetch, indexedDB: factory });
    expect(t.status().storage).toBe('indexeddb');
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    const [before] = edge.clientIds();
    fail();
    await t.host.feedback('feed', 'm2', 'like');
    await until(() => t.status().storage === 'memory');
    expect(t.of('error')).toContainEqual({
      source: 'storage',
      message: 'saving evidence failed: the quota is used up',
    });
    expect(t.of('storage')).toContainEqual({
      mode: 'memory',
      reason: 'saving evidence failed: the quota is used up',
    });
    expect((await t.host.posterior('feed', 'm1', undefined)).alpha).toBe(2);
    expect((await t.host.posterior('feed', 'm2', undefined)).alpha).toBe(2);
    await t.host.flush();
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0], m2: [1, 0] } } });
    expect(edge.clientIds()).toEqual([before, expect.not.stringMatching(before!)]);
    await t.host.close();
  });

  it('moves to memory when another tab upgrades the database', async () => {
    const factory = new IDBFactory();
    const config = hostConfig({ endpoint: null, publishableKey: null });
    const t = await startHost(config, { indexedDB: factory });
    await t.host.feedback('feed', 'm1', 'like');
    await new Promise<void>((resolve) => {
      const request = factory.open(config.dbName, SCHEMA_VERSION + 1);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
    });
    await until(() => t.status().storage === 'memory');
    expect(t.of('storage').at(-1)).toEqual({
      mode: 'memory',
      reason: 'another tab is upgrading the database to a newer version',
    });
    await t.host.feedback('feed', 'm1', 'like');
    expect((await t.host.posterior('feed', 'm1', undefined)).alpha).toBe(3);
    await t.host.close();
  });

  // The memory store is a chunk of its own; a failed load (offline, never cached) is simulated
  // by mocking its import to throw.
  it('says so when even memory cannot be set up, and moves there at the next failure', async () => {
    const { factory, fail } = flakyFactory();
    const config = hostConfig({ endpoint: null, publishableKey: null });
    const t = await startHost(config, { indexedDB: factory });
    vi.doMock('../storage/memory-store.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    fail();
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    expect(t.of('error')).toContainEqual({
      source: 'storage',
      message: expect.stringMatching(/^saving evidence failed: .*; moving to memory failed too: /),
    });
    expect(t.status().storage).toBe('indexeddb');
    vi.doUnmock('../storage/memory-store.ts');
    vi.resetModules();
    await t.host.feedback('feed', 'm1', 'like');
    await until(() => t.status().storage === 'memory');
    // The engine kept every like; only the increments drained by the first failed write
    // could not be stored for sending.
    expect((await t.host.posterior('feed', 'm1', undefined)).alpha).toBe(3);
    await t.host.close();
  });
});
