// Internal: the transactional key-value interface the host writes through, implemented by
// IndexedDB (idb-store.ts) and by plain maps when IndexedDB is unavailable (memory-store.ts).

/** Every object store of the schema. */
export const STORE_NAMES = [
  'evidence',
  'pending',
  'outbox',
  'acked',
  'included',
  'rejected',
  'priors',
  'session',
  'meta',
  'experiments',
  'exposures',
] as const;

export type StoreName = (typeof STORE_NAMES)[number];

export type StoreKey = string | number;

/**
 * Operations inside one transaction. Writes are queued without waiting: a failing write
 * aborts the transaction and `Store.run` rejects.
 */
export interface Tx {
  get<T>(store: StoreName, key: StoreKey): Promise<T | undefined>;
  /** Every entry, in key order. */
  entries<T>(store: StoreName): Promise<Array<[StoreKey, T]>>;
  /** The entry with the lowest key. */
  first<T>(store: StoreName): Promise<[StoreKey, T] | undefined>;
  count(store: StoreName): Promise<number>;
  put(store: StoreName, key: StoreKey, value: unknown): void;
  delete(store: StoreName, key: StoreKey): void;
  clear(store: StoreName): void;
}

export interface RunOptions {
  /** `strict`: the transaction completes only once the data reached the disk. */
  readonly durability?: 'strict';
}

export interface Store {
  readonly kind: 'indexeddb' | 'memory';
  /**
   * Runs `fn` in one transaction over `stores`. `fn` must await nothing but the Tx's own
   * operations, or IndexedDB commits the transaction early.
   */
  run<T>(
    stores: readonly StoreName[],
    mode: 'readonly' | 'readwrite',
    fn: (tx: Tx) => Promise<T>,
    options?: RunOptions,
  ): Promise<T>;
  close(): void;
}
