import { clientId, context, count, name, seq } from './client-guards.ts';
import type { WireIssue } from './decoded.ts';
import type { Delta } from './delta-batch.ts';
import { deltaKey } from './delta-key.ts';
import { duplicateDeltaMessage, EMPTY_DELTA_MESSAGE, isEmptyDelta } from './empty-delta.ts';
import { array, object, refine, toIssue, whole } from './guard.ts';
import { MAX_COUNT, MAX_DELTAS_PER_BATCH } from './limits.ts';

const delta = refine(
  object({ decision: name, context, arm: name, s: count, f: count }, { n: whole(0, MAX_COUNT) }),
  (d: Delta) => (isEmptyDelta(d) ? { path: [], message: EMPTY_DELTA_MESSAGE } : undefined),
);

const batch = refine(
  object({ clientId, seq, deltas: array(delta, 1, MAX_DELTAS_PER_BATCH) }),
  (b: { deltas: Delta[] }) => {
    const seen = new Map<string, number>();
    for (let i = 0; i < b.deltas.length; i++) {
      const key = deltaKey(b.deltas[i]!);
      const first = seen.get(key);
      if (first !== undefined) {
        return { path: ['deltas', i], message: duplicateDeltaMessage(first) };
      }
      seen.set(key, i);
    }
    return undefined;
  },
);

/**
 * The first reason the edge would reject `value` as a delta batch, or undefined when it is
 * valid: the same rules as {@link DeltaBatchSchema}, without zod, for the browser. Fields
 * outside the contract are ignored (the encoders never send them).
 *
 * @example
 * const problem = checkBatch({ clientId: 'c_8f2a61d0', seq: 1, deltas: [] });
 * // { path: 'deltas', message: 'expected 1-1000 items' }
 */
export function checkBatch(value: unknown): WireIssue | undefined {
  const found = batch(value);
  return found && toIssue(found);
}
