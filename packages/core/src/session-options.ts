import { checkRange, isRecord, mustBe } from './option-checks.ts';

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
  if (options !== undefined) mustBe(isRecord(options), 'session', 'an object', options);
  const o = fillSession(options);
  checkRange(o.eta, 'session.eta', 0, 1e6);
  mustBe(
    typeof o.halfLifeMs === 'number' && o.halfLifeMs > 0,
    'session.halfLifeMs',
    'a number > 0',
    o.halfLifeMs,
  );
  mustBe(typeof o.idleMs === 'number' && o.idleMs >= 0, 'session.idleMs', 'a number ≥ 0', o.idleMs);
  mustBe(
    typeof o.hideDisliked === 'boolean',
    'session.hideDisliked',
    'true or false',
    o.hideDisliked,
  );
  return o;
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
