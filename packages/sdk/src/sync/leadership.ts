// Internal: one tab syncs. The leader holds a Web Lock for as long as it lives; the others
// queue for it, and the browser hands it to the next one the moment the leader's worker or
// page goes away.

/**
 * Queues for the lock `name` and calls `onAcquired` once it is held. Without Web Locks
 * (older browsers, Node) this context assumes it is alone and leads at once. The returned
 * function gives the lock up (or leaves the queue).
 *
 * @example
 * const release = holdLeadership(navigator.locks, 'crowdbandit:demo:leader', () => sync.start());
 */
export function holdLeadership(
  locks: LockManager | null,
  name: string,
  onAcquired: () => void,
): () => void {
  if (locks === null) {
    onAcquired();
    return () => {};
  }
  const abort = new AbortController();
  let release: (() => void) | undefined;
  let released = false;
  locks
    .request(name, { signal: abort.signal }, () => {
      if (released) return undefined;
      onAcquired();
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    })
    .catch(() => {
      // AbortError: left the queue before getting the lock.
    });
  return () => {
    released = true;
    if (release) release();
    else abort.abort();
  };
}
