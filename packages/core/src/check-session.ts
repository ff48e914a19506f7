// The checks of session options, apart from their defaults, so that checking a
// configuration does not bundle them.
import { flag, isRecord, range, rule, shape } from './option-checks.ts';
import type { SessionOptions } from './session-options.ts';

const FIELDS = {
  eta: range(0, 1e6),
  halfLifeMs: rule((v: number) => typeof v === 'number' && v > 0, 'a number > 0'),
  idleMs: rule((v: number) => typeof v === 'number' && v >= 0, 'a number ≥ 0'),
  hideDisliked: flag,
};

/**
 * The checks of `resolveSession`, without filling in defaults; throws naming the bad
 * field (`session.eta`).
 *
 * @example
 * checkSession({ eta: -1 }); // throws: session.eta: must be a number in [0, 1000000], got -1
 */
export function checkSession(options: Partial<SessionOptions> | undefined): void {
  if (options === undefined) return;
  // Every field given is checked, an undefined one too: fillSession spreads them over the
  // defaults.
  shape(FIELDS, isRecord(options) ? Object.keys(options) : [])(options, 'session');
}
