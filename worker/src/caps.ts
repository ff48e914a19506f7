/** One client's use of one arm key within the current window, in milli-units. */
export interface Usage {
  readonly window: number;
  readonly weight: number;
  readonly n: number;
}

/** Per-client limits per arm key and window, in milli-units for weight. */
export interface CapLimits {
  readonly windowMs: number;
  readonly weightMilli: number;
  readonly impressions: number;
}

/** What a delta may add after the cap, and what the cap removed. */
export interface Clamped {
  readonly s: number;
  readonly f: number;
  readonly n: number;
  readonly removed: { readonly s: number; readonly f: number } | null;
  readonly usage: Usage;
}

/**
 * Applies a client's cap on one arm key: within a window a client may add at most
 * `weightMilli` of success + failure weight and `impressions` impressions. An excess is cut
 * proportionally (success and failure keep their ratio) and reported, never silently kept.
 *
 * @example
 * clampToCap(undefined, { s: 150_000, f: 50_000, n: 0 }, 0, { windowMs: 3_600_000, weightMilli: 100_000, impressions: 1000 });
 * // { s: 75_000, f: 25_000, n: 0, removed: { s: 75_000, f: 25_000 }, usage: { window: 0, weight: 100_000, n: 0 } }
 */
export function clampToCap(
  usage: Usage | undefined,
  delta: { readonly s: number; readonly f: number; readonly n: number },
  now: number,
  limits: CapLimits,
): Clamped {
  const window = Math.floor(now / limits.windowMs);
  const used = usage !== undefined && usage.window === window ? usage : { window, weight: 0, n: 0 };
  const room = Math.max(0, limits.weightMilli - used.weight);
  const weight = delta.s + delta.f;
  let s = delta.s;
  let f = delta.f;
  if (weight > room) {
    const k = room / weight;
    s = Math.floor(delta.s * k);
    f = Math.floor(delta.f * k);
  }
  const n = Math.min(delta.n, Math.max(0, limits.impressions - used.n));
  const removed = s === delta.s && f === delta.f ? null : { s: delta.s - s, f: delta.f - f };
  return { s, f, n, removed, usage: { window, weight: used.weight + s + f, n: used.n + n } };
}
