// Internal: what the host takes from its surroundings. Defaults are the globals; tests and
// the in-thread mode inject their own (functions cannot be posted to a worker).

export interface HostPlatform {
  readonly fetch?: typeof fetch | undefined;
  /** Clock of the engine and of stored timestamps, epoch ms. */
  readonly now?: (() => number) | undefined;
  /** Jitter of retry delays. */
  readonly random?: () => number;
  readonly webSocket?: ((url: string) => WebSocket) | undefined;
  /** null: behave as if IndexedDB did not exist. */
  readonly indexedDB?: IDBFactory | null;
  /** null: no Web Locks; this host leads at once. */
  readonly locks?: LockManager | null;
}

/** The global IndexedDB factory, or null where it is missing or access throws (some private modes). */
export function globalIndexedDB(): IDBFactory | null {
  try {
    return typeof indexedDB === 'undefined' ? null : indexedDB;
  } catch {
    return null;
  }
}

/** The global Web Locks manager, or null. */
export function globalLocks(): LockManager | null {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}
