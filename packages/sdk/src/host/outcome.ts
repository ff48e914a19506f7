// Internal: CrowdbanditErrors cross the worker boundary as values (comlink would keep only
// name and message of a thrown Error, losing code and field).
import { isCrowdbanditError } from '@crowdbandit/core';
import type { Outcome } from './host-api.ts';

/** Runs `fn`, turning a CrowdbanditError into `{ ok: false, error }`; other errors propagate. */
export function attempt<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (!isCrowdbanditError(error)) throw error;
    return { ok: false, error: { code: error.code, message: error.message, field: error.field } };
  }
}
