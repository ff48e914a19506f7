// Internal: waiting with a deadline, for calls to the engine, requests to the edge and
// opening the database.

/**
 * Settles as `promise` does, or rejects with `onTimeout()` after `ms` milliseconds.
 *
 * @example
 * const response = await within(fetch(url), 15_000, () => new Error('no answer within 15000 ms'));
 */
export function within<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
