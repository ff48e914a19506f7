import type { Delta } from './delta-batch.ts';
import { deltaKey } from './delta-key.ts';
import { isEmptyDelta } from './empty-delta.ts';
import { quantize } from './quantize.ts';

/**
 * Merges deltas that share an arm key (summing s, f and n), quantizes the sums to
 * thousandths and drops what is left empty: what a client does before sealing a batch.
 * Keeps the order in which arm keys first appear.
 *
 * @example
 * mergeDeltas([
 *   { decision: 'home-feed', context: '', arm: 'movie-1234', s: 1, f: 0 },
 *   { decision: 'home-feed', context: '', arm: 'movie-1234', s: 0, f: 1, n: 1 },
 * ]);
 * // [{ decision: 'home-feed', context: '', arm: 'movie-1234', s: 1, f: 1, n: 1 }]
 */
export function mergeDeltas(deltas: Iterable<Delta>): Delta[] {
  const merged = new Map<string, Delta>();
  for (const delta of deltas) {
    const key = deltaKey(delta);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...delta });
      continue;
    }
    const n =
      seen.n === undefined && delta.n === undefined ? undefined : (seen.n ?? 0) + (delta.n ?? 0);
    const sum: Delta = { ...seen, s: seen.s + delta.s, f: seen.f + delta.f };
    merged.set(key, n === undefined ? sum : { ...sum, n });
  }
  const out: Delta[] = [];
  for (const delta of merged.values()) {
    const quantized = { ...delta, s: quantize(delta.s), f: quantize(delta.f) };
    if (!isEmptyDelta(quantized)) out.push(quantized);
  }
  return out;
}
