// Internal: IndexedDB when it works, memory (and the reason) when it does not.
import { openIdbStore } from '../storage/idb-store.ts';
import { memoryStore } from '../storage/memory-store.ts';
import type { Store } from '../storage/store.ts';

export interface OpenedStorage {
  readonly store: Store;
  /** Why the store is in memory; undefined for IndexedDB. */
  readonly reason?: string;
}

/**
 * Opens the database, or falls back to memory saying why.
 *
 * @example
 * const { store, reason } = await openStorage({ factory: indexedDB, name: 'crowdbandit:demo', wanted: 'indexeddb', timeoutMs: 3000, onClosed });
 */
export async function openStorage(options: {
  readonly factory: IDBFactory | null;
  readonly name: string;
  readonly wanted: 'indexeddb' | 'memory';
  readonly timeoutMs: number;
  readonly onClosed: (reason: string) => void;
}): Promise<OpenedStorage> {
  if (options.wanted === 'memory') {
    return { store: memoryStore(), reason: 'the storage option asks for memory' };
  }
  if (options.factory === null) {
    return { store: memoryStore(), reason: 'IndexedDB is not available in this browser context' };
  }
  try {
    return {
      store: await openIdbStore({
        factory: options.factory,
        name: options.name,
        timeoutMs: options.timeoutMs,
        onClosed: options.onClosed,
      }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { store: memoryStore(), reason: `IndexedDB could not be opened: ${message}` };
  }
}
