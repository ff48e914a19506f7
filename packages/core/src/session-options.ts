import { checkSession } from './check-session.ts';

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

/**
 * Checks session options and fills in the defaults; throws naming the bad field. Kept apart
 * from the Session class so validating options does not pull it into a bundle.
 *
 * @example
 * resolveSession({ eta: 0.4 }); // { eta: 0.4, halfLifeMs: 600000, idleMs: 1800000, hideDisliked: true }
 */
export function resolveSession(options: Partial<SessionOptions> | undefined): SessionOptions {
  checkSession(options);
  return fillSession(options);
}

/**
 * Fills in the defaults of options that passed {@link resolveSession}'s checks, checking
 * nothing.
 *
 * @example
 * fillSession({ eta: 0.4 }).idleMs; // 1800000
 */
export function fillSession(options: Partial<SessionOptions> | undefined): SessionOptions {
  return { ...DEFAULT_SESSION, ...options };
}
