// Internal: exponential backoff with full jitter.

/** Bounds of the retry delay. */
export interface RetryPolicy {
  /** Cap of the first retry's delay, ms. */
  readonly baseMs: number;
  /** Largest cap, ms. */
  readonly maxMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first): uniform in
 * [0, min(maxMs, baseMs * 2^attempt)), and never shorter than what the server asked for.
 *
 * @example
 * retryDelay(3, { baseMs: 1000, maxMs: 60_000 }, Math.random); // somewhere in [0, 8000)
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs = 0,
): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(Math.floor(random() * cap), retryAfterMs);
}
