// Internal: one string per arm key, to find deltas that share one.

/**
 * Joins the parts with NUL, which no valid name or context key contains, so different arm
 * keys never collide (unlike `/`, which an arm id may contain).
 */
export function deltaKey(delta: {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
}): string {
  return `${delta.decision}\u0000${delta.context}\u0000${delta.arm}`;
}
