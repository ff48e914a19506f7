import { boundedTotals } from '../community/edge-merge.ts';

/** The mature arm of the attack: 2,000 events at 50% from at least 200 honest clients. */
export const MATURE_ARM = { events: 2000, minClients: 200, rate: 0.5 } as const;

/** How far one hostile client may move such an arm, in points (0–100). */
export const SINGLE_CLIENT_TARGET_PTS = 0.25;

/** How far 500 identities from one address may move it, in points. */
export const SYBIL_TARGET_PTS = 1.0;

/** Identities the attacker makes up from one address. */
export const SYBIL_IDENTITIES = 500;

/**
 * What one client could add to an arm per hour before the bound (the per-window cap the bound
 * replaced): an unbounded W stands for that edge, which also issued ids to anyone.
 */
export const UNBOUNDED_HOURLY_WEIGHT = 100;

/**
 * The points (0–100) by which `hostile` clients, each sending `successes`, move the published
 * mean of the mature arm, every client counted as the edge counts it (bounded to W, summed,
 * rounded to thousandths). The honest clients — max(200, ⌈2000 / W⌉) of them — each send an
 * equal share of the 2,000 events at 50%, so none of them exceeds W.
 *
 * @example
 * shiftPoints(5, 1, 5); // 0.125: (1000 + 5) / (2000 + 5) − 50%
 */
export function shiftPoints(maxWeight: number, hostile: number, successes: number): number {
  const honest = Math.max(MATURE_ARM.minClients, Math.ceil(MATURE_ARM.events / maxWeight));
  const each = MATURE_ARM.events / honest;
  const clients = Array.from({ length: honest }, () => ({
    s: each * MATURE_ARM.rate,
    f: each * (1 - MATURE_ARM.rate),
  }));
  const mean = (t: { s: number; f: number }) => t.s / (t.s + t.f);
  const before = mean(boundedTotals(clients, maxWeight));
  for (let i = 0; i < hostile; i++) clients.push({ s: successes, f: 0 });
  return 100 * (mean(boundedTotals(clients, maxWeight)) - before);
}

/**
 * The most one client can send that counts: W, or, unbounded, the old hourly cap.
 *
 * @example
 * hostileWeight(Infinity); // 100
 */
export function hostileWeight(maxWeight: number): number {
  return Number.isFinite(maxWeight) ? maxWeight : UNBOUNDED_HOURLY_WEIGHT;
}

/**
 * One hostile client sending as many successes as count (W; unbounded: an hour of the old cap).
 *
 * @example
 * singleClientShift(10); // 0.249
 */
export function singleClientShift(maxWeight: number): number {
  return shiftPoints(maxWeight, 1, hostileWeight(maxWeight));
}

/**
 * 500 identities made up from one address within one issuance window: only
 * `idsPerWindow` of them get signed ids, each sends what counts. Unbounded W: the edge
 * before wave 2, which had no issuance limit (`idsPerWindow` ignored).
 *
 * @example
 * sybilShift(10, 4); // 0.98
 */
export function sybilShift(maxWeight: number, idsPerWindow: number): number {
  const ids = Number.isFinite(maxWeight)
    ? Math.min(SYBIL_IDENTITIES, idsPerWindow)
    : SYBIL_IDENTITIES;
  return shiftPoints(maxWeight, ids, hostileWeight(maxWeight));
}

/**
 * The most ids one address may obtain per window (L) so that the Sybil shift stays within
 * `targetPts`; 0 when even one identity moves the arm further; null when unbounded (no L
 * helps: the old edge issued to anyone).
 *
 * @example
 * maxIdsPerWindow(10); // 4
 */
export function maxIdsPerWindow(maxWeight: number, targetPts = SYBIL_TARGET_PTS): number | null {
  if (!Number.isFinite(maxWeight)) return null;
  let ids = 0;
  while (ids < SYBIL_IDENTITIES && shiftPoints(maxWeight, ids + 1, maxWeight) <= targetPts) ids++;
  return ids;
}
