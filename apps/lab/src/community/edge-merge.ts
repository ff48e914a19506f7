import {
  boundedScale,
  clientTerm,
  type DecisionKappaOptions,
  type DispersionSums,
  decisionKappa,
  type KappaSource,
} from '@crowdbandit/core';

/** How the edge estimates κ (worker/src/config.ts `kappa`), as the lab mirrors it. */
export interface EdgeKappaOptions extends DecisionKappaOptions {
  /** A client's (x, n) in the κ statistics is scaled down so that n ≤ this. */
  readonly maxClientWeight: number;
  /**
   * Clients with less weight n on an arm key add no term to its κ statistics (the edge's
   * `kappa.minClientWeight`, 10 by default); absent: 2, core's clientTerm alone.
   */
  readonly minClientWeight?: number;
}

/**
 * The edge's defaults for the crowd (worker/src/config.ts, kept equal by hand): each client
 * counts at most `maxWeightPerClient` of success + failure weight per arm key in the
 * published totals, one address obtains at most `idsPerAddressPerHour` signed client ids,
 * and κ is estimated with these bounds.
 */
export const EDGE_DEFAULTS: {
  readonly maxWeightPerClient: number;
  readonly idsPerAddressPerHour: number;
  readonly kappa: EdgeKappaOptions;
} = Object.freeze({
  maxWeightPerClient: 8,
  idsPerAddressPerHour: 4,
  kappa: Object.freeze({
    floor: 2,
    ceiling: 10_000,
    fallback: 100,
    minClients: 50,
    minClientsPerArm: 200,
    maxClientWeight: 1000,
    minClientWeight: 10,
  }),
});

/** A value rounded to thousandths, as the edge publishes totals and κ. */
export const thousandths = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * One client's term of an arm key's κ statistics, as the edge computes it from the client's
 * cumulative tally: x = s out of n = s + f, scaled down so that n ≤ `maxClientWeight`
 * (keeping the rate), then core's clientTerm — nothing under n = `minClientWeight` (never
 * under 2).
 *
 * @example
 * kappaTerm(3, 1997, 1000); // clientTerm(1.5, 1000)
 * kappaTerm(1, 4, 1000, 10); // NO_DISPERSION
 */
export function kappaTerm(
  s: number,
  f: number,
  maxClientWeight: number,
  minClientWeight = 2,
): DispersionSums {
  let n = s + f;
  let x = s;
  if (n > maxClientWeight) {
    x *= maxClientWeight / n;
    n = maxClientWeight;
  }
  return clientTerm(x, n, minClientWeight);
}

/**
 * The crowd's published totals of one arm key: each client's cumulative (s, f) scaled down
 * to s + f ≤ `maxWeight` (core's boundedScale; Infinity: unbounded), summed in milli-units
 * and rounded to thousandths as the edge's snapshot does.
 *
 * @example
 * boundedTotals([{ s: 30, f: 10 }, { s: 1, f: 1 }], 10); // { s: 8.5, f: 3.5 }
 */
export function boundedTotals(
  clients: Iterable<{ readonly s: number; readonly f: number }>,
  maxWeight: number,
): { s: number; f: number } {
  let s = 0;
  let f = 0;
  for (const c of clients) {
    const k = boundedScale(c, maxWeight);
    s += c.s * 1000 * k;
    f += c.f * 1000 * k;
  }
  return { s: Math.round(s) / 1000, f: Math.round(f) / 1000 };
}

/** κ of one decision as the edge publishes it, with the arms keyed by index. */
export interface PublishedKappa {
  /** The decision's κ, rounded to thousandths. */
  readonly value: number;
  readonly source: KappaSource;
  /** Client × arm pairs with n ≥ 2. */
  readonly clients: number;
  readonly rho: number | null;
  /** κ of the arms whose own estimate differs from the decision's, rounded to thousandths. */
  readonly arms: ReadonlyMap<number, number>;
}

/**
 * κ of a decision from its arms' κ statistics (index i: arm i), with core's decisionKappa,
 * rounded as the edge's snapshot rounds it.
 *
 * @example
 * const kappa = publishKappa(sumsPerArm, EDGE_DEFAULTS.kappa);
 * const strength = kappa.arms.get(i) ?? kappa.value;
 */
export function publishKappa(
  sums: readonly DispersionSums[],
  options: DecisionKappaOptions,
): PublishedKappa {
  const byArm = new Map<number, DispersionSums>();
  sums.forEach((s, i) => {
    byArm.set(i, s);
  });
  const { pooled, arms } = decisionKappa(byArm, options);
  const rounded = new Map<number, number>();
  for (const [i, kappa] of arms) rounded.set(i, thousandths(kappa));
  return {
    value: thousandths(pooled.kappa),
    source: pooled.source,
    clients: pooled.clients,
    rho: pooled.rho,
    arms: rounded,
  };
}
