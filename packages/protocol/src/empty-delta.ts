// Internal: the rule for a delta that carries nothing.
import { toMilli } from './quantize.ts';

/** True when s and f both quantize to 0 and there is no impression count (absent or 0). */
export function isEmptyDelta(delta: {
  readonly s: number;
  readonly f: number;
  readonly n?: number;
}): boolean {
  return toMilli(delta.s) === 0 && toMilli(delta.f) === 0 && !delta.n;
}

export const EMPTY_DELTA_MESSAGE =
  'empty delta: s and f are 0 (after quantization) and n is absent or 0';

/** The message for the second of two deltas with the same arm key. */
export const duplicateDeltaMessage = (first: number, field = 'deltas') =>
  `duplicate delta: same decision, context and arm as ${field}.${first}`;
