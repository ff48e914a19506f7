// Internal: what one client's cumulative tally on an arm key adds to the shard's derived
// totals — its bounded evidence and impressions, and its term of the κ statistics.
import { boundedScale, clientTerm, type DispersionSums, NO_DISPERSION } from '@crowdbandit/core';
import type { AppConfig } from './config.ts';

/** A tally in milli-units (impressions whole), exact at its own time. */
export interface Tally {
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/**
 * One client's share of an arm key's derived totals: bounded evidence `bs`, `bf` and
 * impressions `bn` in milli-units (impressions whole), and its κ term (units).
 */
export interface Contribution {
  readonly bs: number;
  readonly bf: number;
  readonly bn: number;
  readonly kappa: DispersionSums;
}

/** The limits a contribution is computed under, from the app's configuration. */
export interface Bounds {
  readonly weightMilli: number;
  readonly impressions: number;
  readonly kappaWeight: number;
  readonly kappaMinWeight: number;
}

export const NO_CONTRIBUTION: Contribution = Object.freeze({
  bs: 0,
  bf: 0,
  bn: 0,
  kappa: NO_DISPERSION,
});

/** The bounds of an app. */
export function boundsOf(config: AppConfig): Bounds {
  return {
    weightMilli: config.maxWeightPerClient * 1000,
    impressions: config.maxImpressionsPerClient,
    kappaWeight: config.kappa.maxClientWeight,
    kappaMinWeight: config.kappa.minClientWeight,
  };
}

/**
 * What a tally contributes: scaled to at most `weightMilli` of s + f (keeping its rate) and
 * `impressions` impressions, and, when it holds at least `kappaMinWeight` units, a κ term of
 * its success rate over at most `kappaWeight` units. A `trusted` source (the app's server) counts whole
 * and is not one user, so it adds no κ term.
 */
export function contributionOf(tally: Tally, bounds: Bounds, trusted: boolean): Contribution {
  if (trusted) return { bs: tally.s, bf: tally.f, bn: tally.n, kappa: NO_DISPERSION };
  const scale = boundedScale(tally, bounds.weightMilli);
  let n = (tally.s + tally.f) / 1000;
  let x = tally.s / 1000;
  if (n > bounds.kappaWeight) {
    x *= bounds.kappaWeight / n;
    n = bounds.kappaWeight;
  }
  return {
    bs: tally.s * scale,
    bf: tally.f * scale,
    bn: Math.min(tally.n, bounds.impressions),
    kappa: clientTerm(x, n, bounds.kappaMinWeight),
  };
}

/**
 * A contribution decayed by factor `k` with its tally: evidence and κ sums shrink with it
 * (Σn² by k²); impressions and the client count do not.
 */
export function decayedContribution(c: Contribution, k: number): Contribution {
  if (k === 1) return c;
  return { bs: c.bs * k, bf: c.bf * k, bn: c.bn, kappa: decayedSums(c.kappa, k) };
}

/** κ sums decayed by factor `k`: Σn, Σx and Σx²/n shrink by k, Σn² by k². */
export function decayedSums(sums: DispersionSums, k: number): DispersionSums {
  if (k === 1) return sums;
  return { k: sums.k, n: sums.n * k, x: sums.x * k, q: sums.q * k, r: sums.r * k * k };
}
