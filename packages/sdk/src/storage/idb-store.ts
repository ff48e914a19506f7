// Internal: the Store over IndexedDB, through idb's promise wrappers.
import { type IDBPDatabase, wrap } from 'idb';
import { within } from '../within.ts';
import { MIGRATIONS, type Migration, migrate, SCHEMA_VERSION } from './migrations.ts';
import type { Store, StoreKey, StoreName, Tx } from './store.ts';

/** Options of {@link openIdbStore}. */
export interface OpenIdbOptions {
  readonly factory: IDBFactory;
  readonly name: string;
  /** Give up after this long (a blocked upgrade, a browser that never answers). */
  readonly timeoutMs: number;
  /** Called once when the connection closes under us (another tab upgrades, the browser closes it). */
  readonly onClosed: (reason: string) => void;
  readonly version?: number;
  readonly migrations?: Readonly<Record<number, Migration>>;
}

const ignore = () => {};

/**
 * Opens (creating or upgrading) the database. Rejects when it cannot be opened in time,
 * saying whether another tab blocked the upgrade.
 *
 * @example
 * const store = await openIdbStore({ factory: indexedDB, name: 'crowdbandit:demo', timeoutMs: 3000, onClosed: report });
 */
export async function openIdbStore(options: OpenIdbOptions): Promise<Store> {
  const version = options.version ?? SCHEMA_VERSION;
  const migrations = options.migrations ?? MIGRATIONS;
  const request = options.factory.open(options.name, version);
  let blocked = false;
  request.onupgradeneeded = (event) => {
    migrate(request.result, request.transaction!, event.oldVersion, version, migrations);
  };
  request.onblocked = () => {
    blocked = true;
  };
  const opened = wrap(request) as Promise<IDBPDatabase>;
  const db = await within(opened, options.timeoutMs, () => {
    // If it opens after all, nobody holds it: close it so it blocks no one.
    opened.then((late) => late.close(), ignore);
    return new Error(
      blocked
        ? `upgrading ${options.name} to schema v${version} is blocked: another tab keeps an older version open`
        : `opening ${options.name} did not finish within ${options.timeoutMs} ms`,
    );
  });
  let closed = false;
  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    db.close();
    options.onClosed(reason);
  };
  // Another tab wants a newer schema: step aside instead of blocking its upgrade.
  db.addEventListener('versionchange', () =>
    close('another tab is upgrading the database to a newer version'),
  );
  db.addEventListener('close', () => close('the browser closed the database'));
  return idbStore(db, () => {
    closed = true;
  });
}

function idbStore(db: IDBPDatabase, markClosed: () => void): Store {
  return {
    kind: 'indexeddb',
    async run(stores, mode, fn, options) {
      const tx = db.transaction(
        stores as StoreName[],
        mode,
        options?.durability ? { durability: options.durability } : {},
      );
      tx.done.catch(ignore);
      const put = (p: Promise<unknown>) => void p.catch(ignore);
      const scope: Tx = {
        get: (name, key) => tx.objectStore(name).get(key),
        async entries<T>(name: StoreName) {
          const store = tx.objectStore(name);
          const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
          return keys.map((key, i) => [key as StoreKey, values[i] as T] as [StoreKey, T]);
        },
        async first<T>(name: StoreName) {
          const cursor = await tx.objectStore(name).openCursor();
          return cursor
            ? ([cursor.key as StoreKey, cursor.value as T] as [StoreKey, T])
            : undefined;
        },
        count: (name) => tx.objectStore(name).count(),
        put: (name, key, value) => put(tx.objectStore(name).put!(value, key)),
        delete: (name, key) => put(tx.objectStore(name).delete!(key)),
        clear: (name) => put(tx.objectStore(name).clear!()),
      };
      try {
        const result = await fn(scope);
        await tx.done;
        return result;
      } catch (error) {
        try {
          tx.abort();
        } catch {
          // Already finished or aborted.
        }
        throw error;
      }
    },
    close() {
      markClosed();
      db.close();
    },
  };
}
