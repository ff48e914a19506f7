// Internal: IndexedDB when it works, memory (and the reason) when it does not. The memory
// store is loaded only then: most clients never need it.
import { openIdbStore } from '../storage/idb-store.ts';
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
  if (options.wanted === 'memory') return inMemory('the storage option asks for memory');
  if (options.factory === null) {
    return inMemory('IndexedDB is not available in this browser context');
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
    return inMemory(`IndexedDB could not be opened: ${message}`);
  }
}

/** A fresh memory store, and why. */
export async function inMemory(reason: string): Promise<OpenedStorage> {
  const { memoryStore } = await import('../storage/memory-store.ts');
  return { store: memoryStore(), reason };
}
