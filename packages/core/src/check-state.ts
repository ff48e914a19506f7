import type { Delta, EngineState } from './engine-types.ts';
import { CrowdbanditError } from './errors.ts';

/** Throws `invalid_state` unless the counts of an arm record or a delta are finite and ≥ 0. */
export function checkCounts(
  r: { readonly s: number; readonly f: number; readonly t?: number; readonly n?: number },
  field: string,
): void {
  if (
    !(
      r.s >= 0 &&
      r.f >= 0 &&
      (r.n ?? 0) >= 0 &&
      Number.isFinite(r.s + r.f + (r.t ?? 0) + (r.n ?? 0))
    )
  ) {
    throw new CrowdbanditError('invalid_state', `${field} has invalid counts`, field);
  }
}

/**
 * Checks the shape of a state from `exportState()` before anything of it is restored, so a
 * bad one changes nothing.
 */
export function checkState(state: EngineState): void {
  if (
    typeof state !== 'object' ||
    state === null ||
    !Array.isArray(state.arms) ||
    !Array.isArray(state.pending)
  ) {
    throw new CrowdbanditError(
      'invalid_state',
      'state must come from exportState(): { arms, pending, session, interactions }',
      'state',
    );
  }
  for (const [i, r] of state.arms.entries()) checkCounts(r, `state.arms[${i}]`);
  for (const [i, p] of (state.pending as readonly Delta[]).entries())
    checkCounts(p, `state.pending[${i}]`);
}
