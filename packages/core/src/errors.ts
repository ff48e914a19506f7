/** Machine-readable reasons a core call was refused. */
export type CrowdbanditErrorCode =
  | 'invalid_option'
  | 'invalid_event'
  | 'invalid_candidate'
  | 'invalid_context'
  | 'invalid_state'
  | 'unknown_decision'
  | 'unknown_arm';

/**
 * The one error core throws for input it cannot accept. `field` names the offending input
 * (`candidates[3].relevance`, `event.value`, `decisions.home-feed.k`) so the message says
 * what to fix.
 *
 * @example
 * try {
 *   engine.feedback('home-feed', 'm1', { type: 'rating', value: 7 });
 * } catch (error) {
 *   if (isCrowdbanditError(error)) console.warn(error.code, error.field); // invalid_event event.value
 * }
 */
export class CrowdbanditError extends Error {
  override readonly name = 'CrowdbanditError';
  readonly code: CrowdbanditErrorCode;
  readonly field: string | undefined;

  constructor(code: CrowdbanditErrorCode, message: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

/**
 * True for a {@link CrowdbanditError}, also one rebuilt on the other side of a worker
 * boundary (checked by shape, not by `instanceof`, which fails across realms).
 *
 * @example
 * if (isCrowdbanditError(error) && error.code === 'unknown_decision') showSetupHint();
 */
export function isCrowdbanditError(error: unknown): error is CrowdbanditError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'CrowdbanditError' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * Short, unambiguous rendering of a rejected value for error messages, so that every message
 * of core and the SDK shows values alike.
 *
 * @example
 * `k must be a positive integer, got ${describeValue(k)}`; // … got "ten", got an array of 2, got null
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === undefined ||
    value === null
  ) {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
