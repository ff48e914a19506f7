// Internal: one request at a time, for the syncs that fetch a snapshot (priors, experiments).

/**
 * Wraps `task` so that one run is in flight at a time. A call while it runs gets the running
 * promise and asks for one more run after it (what was asked for may be newer than what that
 * run fetched), however often it was asked, while `more()` holds; the promise settles after
 * the last run.
 *
 * @example
 * const refresh = singleFlight(() => fetchSnapshot(), () => running);
 * void refresh();
 * await refresh(); // the first run, then one more
 */
export function singleFlight(task: () => Promise<void>, more: () => boolean): () => Promise<void> {
  let inflight: Promise<void> | null = null;
  let again = false;
  return () => {
    if (inflight !== null) {
      again = true;
      return inflight;
    }
    inflight = (async () => {
      do {
        again = false;
        await task();
      } while (again && more());
    })().finally(() => {
      inflight = null;
    });
    return inflight;
  };
}
