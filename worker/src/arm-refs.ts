// Internal: the arms of a batch's refs (format version 3), found among the shard's totals.
import { type ArmRefDelta, type Delta, refCheck } from '@crowdbandit/protocol';
import { keyOf, type ShardTotals } from './shard-totals.ts';

/** The referenced deltas with their arms, or the refs that found none (or the wrong one). */
export type ResolvedRefs =
  | { readonly ok: true; readonly deltas: Delta[] }
  | { readonly ok: false; readonly unknown: number[] };

/**
 * Finds the arm of each ref among the arms `totals` holds rows for under the ref's decision
 * and context. A ref with no arm, or with two, or one that finds an arm the batch also
 * spells out (in `spelled`), is unknown; so is every ref when the batch's `check` does not
 * match the arms found (a ref that found another arm with the same hash).
 *
 * @example
 * const found = resolveRefs(state.totals, batch.refs, batch.refCheck, evidence);
 * if (!found.ok) return { kind: 'unresolved', refs: found.unknown };
 */
export function resolveRefs(
  totals: ShardTotals,
  refs: readonly ArmRefDelta[],
  check: number,
  spelled: readonly Delta[],
): ResolvedRefs {
  const taken = new Set(spelled.map(keyOf));
  const deltas: Delta[] = [];
  const unknown: number[] = [];
  for (const { ref, ...counts } of refs) {
    const arm = totals.armByRef(counts.decision, counts.context, ref);
    const delta = { ...counts, arm: arm ?? '' };
    if (arm == null || taken.has(keyOf(delta))) unknown.push(ref);
    else deltas.push(delta);
  }
  if (unknown.length > 0) return { ok: false, unknown };
  if (refCheck(deltas) !== check) return { ok: false, unknown: refs.map((r) => r.ref) };
  return { ok: true, deltas };
}
