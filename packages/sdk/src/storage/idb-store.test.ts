import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openIdbStore } from './idb-store.ts';
import { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.ts';
import { STORE_NAMES } from './store.ts';

const open = (factory: IDBFactory, extra: Partial<Parameters<typeof openIdbStore>[0]> = {}) =>
  openIdbStore({ factory, name: 'db', timeoutMs: 300, onClosed: () => {}, ...extra });

function rawOpen(factory: IDBFactory, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = factory.open('db', version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// A hypothetical schema v3, for this test only: evidence records gain a count of updates `u`
// and a new `stats` store appears.
const V3: Record<number, Migration> = {
  ...MIGRATIONS,
  3: (db, tx) => {
    db.createObjectStore('stats');
    const cursor = tx.objectStore('evidence').openCursor();
    cursor.onsuccess = () => {
      const c = cursor.result;
      if (c === null) return;
      c.update({ ...c.value, u: 0 });
      c.continue();
    };
  },
};

describe('openIdbStore', () => {
  it('creates every store of the current schema', async () => {
    const factory = new IDBFactory();
    const store = await open(factory);
    store.close();
    const db = await rawOpen(factory, SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    db.close();
  });

  it('upgrades a v1 database with data to v2: every v1 record kept, the experiment stores added', async () => {
    const factory = new IDBFactory();
    const v1 = await open(factory, { version: 1 });
    const V1_STORES = [
      'evidence',
      'pending',
      'outbox',
      'acked',
      'included',
      'rejected',
      'priors',
      'session',
      'meta',
    ] as const;
    await v1.run(V1_STORES, 'readwrite', async (tx) => {
      for (const name of V1_STORES) tx.put(name, `${name}-key`, { from: name });
      tx.put('outbox', 3, { seq: 3 });
    });
    v1.close();
    const v2 = await open(factory);
    const kept = await v2.run(V1_STORES, 'readonly', (tx) =>
      Promise.all(V1_STORES.map((name) => tx.entries(name))),
    );
    expect(kept).toEqual(
      V1_STORES.map((name) => [
        ...(name === 'outbox' ? [[3, { seq: 3 }]] : []),
        [`${name}-key`, { from: name }],
      ]),
    );
    await v2.run(['experiments', 'exposures'], 'readwrite', async (tx) => {
      tx.put('exposures', 'exp/1/user', { variation: 1, at: 5 });
    });
    expect(await v2.run(['exposures'], 'readonly', (tx) => tx.count('exposures'))).toBe(1);
    v2.close();
    const db = await rawOpen(factory, 2);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
    db.close();
  });

  it('upgrades to a later version with data, keeping and transforming the data', async () => {
    const factory = new IDBFactory();
    const v2 = await open(factory);
    await v2.run(['evidence', 'meta'], 'readwrite', async (tx) => {
      tx.put('evidence', 'feed//m1', { s: 2, f: 1, t: 5 });
      tx.put('meta', 'clientId', 'abcdefghijklmnopqrstuv');
    });
    v2.close();
    const v3 = await open(factory, { version: 3, migrations: V3 });
    const [evidence, clientId] = await v3.run(['evidence', 'meta'], 'readonly', (tx) =>
      Promise.all([tx.entries('evidence'), tx.get('meta', 'clientId')]),
    );
    expect(evidence).toEqual([['feed//m1', { s: 2, f: 1, t: 5, u: 0 }]]);
    expect(clientId).toBe('abcdefghijklmnopqrstuv');
    v3.close();
    const db = await rawOpen(factory, 3);
    expect(db.objectStoreNames.contains('stats')).toBe(true);
    db.close();
  });

  it('closes its connection when another tab upgrades, and says why', async () => {
    const factory = new IDBFactory();
    const reasons: string[] = [];
    const old = await open(factory, { onClosed: (reason) => reasons.push(reason) });
    const upgraded = await open(factory, { version: 3, migrations: V3 });
    expect(reasons).toEqual(['another tab is upgrading the database to a newer version']);
    await expect(old.run(['meta'], 'readonly', (tx) => tx.count('meta'))).rejects.toThrow();
    upgraded.close();
  });

  it('gives up on an upgrade that stays blocked instead of hanging', async () => {
    const factory = new IDBFactory();
    // An old tab that does not step aside.
    const stubborn = await rawOpen(factory, 1);
    const started = Date.now();
    await expect(open(factory, { version: 3, migrations: V3, timeoutMs: 100 })).rejects.toThrow(
      'upgrading db to schema v3 is blocked: another tab keeps an older version open',
    );
    expect(Date.now() - started).toBeLessThan(1000);
    stubborn.close();
  });

  it('rejects when the database is newer than this code', async () => {
    const factory = new IDBFactory();
    (await open(factory, { version: 3, migrations: V3 })).close();
    await expect(open(factory)).rejects.toThrow();
  });

  it('aborts the transaction when the function throws', async () => {
    const store = await open(new IDBFactory());
    await expect(
      store.run(['meta'], 'readwrite', async (tx) => {
        tx.put('meta', 'nextSeq', 5);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(
      await store.run(['meta'], 'readonly', (tx) => tx.get('meta', 'nextSeq')),
    ).toBeUndefined();
    store.close();
  });
});
