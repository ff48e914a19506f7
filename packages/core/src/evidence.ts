/**
 * Success and failure weight for one arm key, as of time `t` (epoch ms). Decay is applied
 * lazily: the stored numbers are exact at `t` and shrink with the half-life from there.
 */
export interface Evidence {
  readonly s: number;
  readonly f: number;
  readonly t: number;
}

/** Evidence that has never been updated. */
export const NO_EVIDENCE: Evidence = Object.freeze({ s: 0, f: 0, t: 0 });

/**
 * The factor by which evidence shrinks over `elapsedMs` with a half-life; 1 without decay
 * (`halfLifeMs` Infinity) and for a clock that moved backwards (evidence never grows).
 *
 * @example
 * decayFactor(60_000, 60_000); // 0.5
 */
export function decayFactor(elapsedMs: number, halfLifeMs: number): number {
  if (!(elapsedMs > 0) || halfLifeMs === Number.POSITIVE_INFINITY) return 1;
  return 2 ** (-elapsedMs / halfLifeMs);
}

/**
 * Evidence as of `now`. Decaying to a and then to b equals decaying to b at once.
 *
 * @example
 * decayed({ s: 8, f: 4, t: 0 }, 3_600_000, 3_600_000); // { s: 4, f: 2, t: 3_600_000 }
 */
export function decayed(evidence: Evidence, now: number, halfLifeMs: number): Evidence {
  if (now <= evidence.t) return evidence;
  const k = decayFactor(now - evidence.t, halfLifeMs);
  return { s: evidence.s * k, f: evidence.f * k, t: now };
}

/**
 * Adds a reward r with weight w at `now`, decaying what was there first.
 *
 * @example
 * addReward(NO_EVIDENCE, 1, 1, Date.now(), Infinity); // { s: 1, f: 0, t: … }
 */
export function addReward(
  evidence: Evidence,
  r: number,
  w: number,
  now: number,
  halfLifeMs: number,
): Evidence {
  const base = decayed(evidence, now, halfLifeMs);
  return { s: base.s + w * r, f: base.f + w * (1 - r), t: Math.max(now, base.t) };
}
