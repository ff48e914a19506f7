// Internal: the Store over plain maps, for when IndexedDB is missing or failed. Transactions
// run one at a time and a failed read-write transaction leaves the maps as they were, as
// IndexedDB would.
import { STORE_NAMES, type Store, type StoreKey, type StoreName, type Tx } from './store.ts';

/** IndexedDB's key order for the keys used here: numbers before strings. */
export function compareKeys(a: StoreKey, b: StoreKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function sorted<T>(map: Map<StoreKey, T>): Array<[StoreKey, T]> {
  return [...map].sort(([a], [b]) => compareKeys(a, b));
}

/**
 * Creates an empty in-memory store.
 *
 * @example
 * const store = memoryStore();
 * await store.run(['meta'], 'readwrite', async (tx) => tx.put('meta', 'nextSeq', 1));
 */
export function memoryStore(): Store {
  const data = new Map<StoreName, Map<StoreKey, unknown>>(
    STORE_NAMES.map((name) => [name, new Map()]),
  );
  let queue: Promise<unknown> = Promise.resolve();

  function open(scope: readonly StoreName[], mode: 'readonly' | 'readwrite'): Tx {
    const table = (name: StoreName, write: boolean): Map<StoreKey, unknown> => {
      if (!scope.includes(name)) throw new Error(`store ${name} is not in this transaction`);
      if (write && mode === 'readonly') throw new Error('a readonly transaction cannot write');
      return data.get(name)!;
    };
    return {
      get: async <T>(name: StoreName, key: StoreKey) =>
        structuredClone(table(name, false).get(key)) as T | undefined,
      entries: async <T>(name: StoreName) =>
        structuredClone(sorted(table(name, false))) as Array<[StoreKey, T]>,
      first: async <T>(name: StoreName) =>
        structuredClone(sorted(table(name, false))[0]) as [StoreKey, T] | undefined,
      count: async (name) => table(name, false).size,
      put: (name, key, value) => void table(name, true).set(key, structuredClone(value)),
      delete: (name, key) => void table(name, true).delete(key),
      clear: (name) => table(name, true).clear(),
    };
  }

  return {
    kind: 'memory',
    run(stores, mode, fn) {
      const next = queue.then(async () => {
        const backup =
          mode === 'readwrite'
            ? stores.map((name) => [name, new Map(data.get(name))] as const)
            : [];
        try {
          return await fn(open(stores, mode));
        } catch (error) {
          for (const [name, map] of backup) data.set(name, map);
          throw error;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close() {},
  };
}
