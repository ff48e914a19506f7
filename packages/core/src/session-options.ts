import { flag, range, rule, shape } from './option-checks.ts';

/** Tuning of short-term session boosting. */
export interface SessionOptions {
  /** Weight a like adds to (a dislike takes from) each of the item's features. */
  readonly eta: number;
  /** Half-life of feature weights, ms. */
  readonly halfLifeMs: number;
  /** Idle time after which the session ends and its boosts are forgotten, ms. */
  readonly idleMs: number;
  /** Hide a disliked item for the rest of the session. */
  readonly hideDisliked: boolean;
}

/** Defaults: eta 0.25, half-life 10 min, 30 min idle, disliked items hidden. */
export const DEFAULT_SESSION: SessionOptions = Object.freeze({
  eta: 0.25,
  halfLifeMs: 10 * 60_000,
  idleMs: 30 * 60_000,
  hideDisliked: true,
});

const SESSION = shape({
  eta: range(0, 1e6),
  halfLifeMs: rule((v: number) => typeof v === 'number' && v > 0, 'a number > 0'),
  idleMs: rule((v: number) => typeof v === 'number' && v >= 0, 'a number ≥ 0'),
  hideDisliked: flag,
});

/**
 * Checks session options and fills in the defaults; throws naming the bad field. Kept apart
 * from the Session class so validating options does not pull it into a bundle.
 *
 * @example
 * resolveSession({ eta: 0.4 }); // { eta: 0.4, halfLifeMs: 600000, idleMs: 1800000, hideDisliked: true }
 */
export function resolveSession(options: Partial<SessionOptions> | undefined): SessionOptions {
  if (options !== undefined) SESSION(options, 'session');
  return fillSession(options);
}

/**
 * Fills in the defaults of options that passed {@link resolveSession}'s checks, checking
 * nothing; an undefined field takes its default.
 *
 * @example
 * fillSession({ eta: 0.4 }).idleMs; // 1800000
 */
export function fillSession(options: Partial<SessionOptions> | undefined): SessionOptions {
  const d = DEFAULT_SESSION;
  return {
    eta: options?.eta ?? d.eta,
    halfLifeMs: options?.halfLifeMs ?? d.halfLifeMs,
    idleMs: options?.idleMs ?? d.idleMs,
    hideDisliked: options?.hideDisliked ?? d.hideDisliked,
  };
}
