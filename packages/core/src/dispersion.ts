/**
 * Per-client sums of one arm key (or of several, pooled) from which the edge estimates how
 * much users agree. Client i contributes x_i successes out of n_i weight, and only when
 * n_i ≥ 2 (one observation says nothing about a client's own spread).
 */
export interface DispersionSums {
  /** Clients with n_i ≥ 2. */
  readonly k: number;
  /** Σ n_i. */
  readonly n: number;
  /** Σ x_i. */
  readonly x: number;
  /** Σ x_i² / n_i. */
  readonly q: number;
  /** Σ n_i². */
  readonly r: number;
}

/** Sums over no clients. */
export const NO_DISPERSION: DispersionSums = Object.freeze({ k: 0, n: 0, x: 0, q: 0, r: 0 });

/**
 * One client's term of {@link DispersionSums}: x successes out of n weight; nothing when n is
 * under `minWeight` (never under 2). A higher `minWeight` leaves out clients whose few events
 * a bandit chose for them: Thompson sampling stops showing an item to a user who did not
 * click it, so their counts spread less than binomial counts would, and the estimate of how
 * much users disagree comes out too low.
 *
 * @example
 * clientTerm(3, 10); // { k: 1, n: 10, x: 3, q: 0.9, r: 100 }
 * clientTerm(3, 5, 10); // NO_DISPERSION
 */
export function clientTerm(x: number, n: number, minWeight = 2): DispersionSums {
  if (!(n >= Math.max(2, minWeight))) return NO_DISPERSION;
  return { k: 1, n, x, q: (x * x) / n, r: n * n };
}

/**
 * `a + sign·b`, term by term (sign −1 takes a client's old term back out).
 *
 * @example
 * addDispersion(clientTerm(3, 10), clientTerm(1, 4)).k; // 2
 */
export function addDispersion(a: DispersionSums, b: DispersionSums, sign = 1): DispersionSums {
  return {
    k: a.k + sign * b.k,
    n: a.n + sign * b.n,
    x: a.x + sign * b.x,
    q: a.q + sign * b.q,
    r: a.r + sign * b.r,
  };
}

/** The moment estimate of the intraclass correlation, see {@link estimateRho}. */
export interface RhoEstimate {
  /** ρ̂, which may be ≤ 0 (no spread between clients beyond chance). */
  readonly rho: number;
  /** Its approximate standard error (Smith 1956, at the average client weight n0). */
  readonly se: number;
  /** Clients counted (per arm key; pooled: client × arm key pairs). */
  readonly clients: number;
}

/**
 * The one-way ANOVA estimate of the intraclass correlation ρ of users' rates, pooled over
 * groups (arm keys, each with its own mean). Under the model p_i ~ Beta(mκ, (1−m)κ) and
 * x_i ~ Binomial(n_i, p_i), ρ = 1/(κ+1). Returns null when the sums carry no information
 * (fewer than two clients in every group, or no success and no failure spread at all).
 *
 * @example
 * estimateRho([{ k: 3, n: 30, x: 12, q: 6.4, r: 300 }]); // { rho: …, se: …, clients: 3 }
 */
export function estimateRho(groups: Iterable<DispersionSums>): RhoEstimate | null {
  let ssb = 0;
  let ssw = 0;
  let dfb = 0;
  let dfw = 0;
  let spread = 0;
  let clients = 0;
  for (const g of groups) {
    if (!(g.k >= 1 && g.n > 0)) continue;
    clients += g.k;
    ssb += Math.max(0, g.q - (g.x * g.x) / g.n);
    ssw += Math.max(0, g.x - g.q);
    dfb += g.k - 1;
    dfw += g.n - g.k;
    spread += g.n - g.r / g.n;
  }
  if (!(dfb >= 1 && dfw > 0)) return null;
  const msb = ssb / dfb;
  const msw = ssw / dfw;
  const n0 = spread / dfb;
  const denominator = msb + (n0 - 1) * msw;
  if (!(denominator > 0)) return null;
  const rho = (msb - msw) / denominator;
  const r = Math.max(rho, 0);
  const se = Math.sqrt(
    (2 * (1 - r) ** 2 * (1 + (n0 - 1) * r) ** 2) / (n0 * Math.max(n0 - 1, 1e-9) * dfb),
  );
  return { rho, se, clients };
}

/** Bounds and fallback of {@link estimateKappa}. */
export interface KappaOptions {
  /** The smallest κ published (strongly disagreeing users). */
  readonly floor: number;
  /** The largest κ published; also κ when users agree beyond what the data can tell (ρ̂ ≤ 0). */
  readonly ceiling: number;
  /** κ while fewer than `minClients` clients have n ≥ 2. */
  readonly fallback: number;
  readonly minClients: number;
}

/** Where a published κ came from. */
export type KappaSource = 'estimate' | 'ceiling' | 'fallback';

/** A published κ: the strength a newcomer's community prior may reach. */
export interface KappaEstimate {
  readonly kappa: number;
  readonly source: KappaSource;
  /** ρ̂, or null while it cannot be estimated. */
  readonly rho: number | null;
  readonly clients: number;
}

/**
 * κ = (1 − ρ̂)/ρ̂ from {@link estimateRho}, within [floor, ceiling]: ρ̂ ≤ 0 means no spread
 * between users beyond chance, so κ is the ceiling; with fewer than `minClients` clients
 * (or no information) it is the fallback.
 *
 * @example
 * estimateKappa(sums, { floor: 2, ceiling: 10_000, fallback: 100, minClients: 30 });
 * // { kappa: 812.4, source: 'estimate', rho: 0.00123, clients: 4_812 }
 */
export function estimateKappa(
  groups: Iterable<DispersionSums>,
  options: KappaOptions,
): KappaEstimate {
  const all = [...groups];
  const estimate = estimateRho(all);
  const clients = all.reduce((sum, g) => sum + (g.k >= 1 && g.n > 0 ? g.k : 0), 0);
  if (estimate === null || clients < options.minClients) {
    return { kappa: options.fallback, source: 'fallback', rho: estimate?.rho ?? null, clients };
  }
  const { rho } = estimate;
  const kappa = kappaOf(rho, options);
  return { kappa, source: kappa === options.ceiling ? 'ceiling' : 'estimate', rho, clients };
}

/** Options of {@link decisionKappa}. */
export interface DecisionKappaOptions extends KappaOptions {
  /** Clients an arm key needs before its own κ may differ from the decision's. */
  readonly minClientsPerArm: number;
}

/** κ of a decision, pooled over its arm keys, and of the arm keys that differ from it. */
export interface DecisionKappa<K> {
  readonly pooled: KappaEstimate;
  /** κ per arm key whose own estimate differs from the pooled one by more than 2 SE. */
  readonly arms: ReadonlyMap<K, number>;
}

/**
 * κ for one decision, pooled over its arm keys (each with its own mean), and, for an arm key
 * seen by at least `minClientsPerArm` clients whose own ρ̂ lies more than two standard
 * errors from the decision's, that arm key's own κ. The decision's ρ̂ is pooled over the
 * arm keys that do not stand out that way from the median of the well-seen arms' ρ̂, so one
 * polarising arm neither weakens every other arm's prior nor hides itself. Arms whose
 * estimate is mere noise keep the pooled κ: a small sample never weakens a prior by chance.
 *
 * @example
 * const { pooled, arms } = decisionKappa(sumsByArmKey, { floor: 2, ceiling: 10_000, fallback: 100, minClients: 50, minClientsPerArm: 200 });
 */
export function decisionKappa<K>(
  byArm: ReadonlyMap<K, DispersionSums>,
  options: DecisionKappaOptions,
): DecisionKappa<K> {
  const all = estimateKappa(byArm.values(), options);
  const arms = new Map<K, number>();
  if (all.source === 'fallback' || all.rho === null) return { pooled: all, arms };
  const own = new Map<K, RhoEstimate>();
  for (const [key, sums] of byArm) {
    if (sums.k < options.minClientsPerArm) continue;
    const estimate = estimateRho([sums]);
    if (estimate !== null) own.set(key, estimate);
  }
  const center = own.size >= 3 ? median([...own.values()].map((e) => e.rho)) : all.rho;
  const apart = (e: RhoEstimate, rho: number) => Math.abs(e.rho - rho) > 2 * e.se;
  const outliers = new Set([...own].filter(([, e]) => apart(e, center)).map(([key]) => key));
  const pooled =
    outliers.size === 0
      ? all
      : estimateKappa(
          [...byArm].filter(([key]) => !outliers.has(key)).map(([, sums]) => sums),
          options,
        );
  if (pooled.rho === null) return { pooled: all, arms };
  for (const key of outliers) {
    const e = own.get(key)!;
    if (apart(e, pooled.rho)) arms.set(key, kappaOf(e.rho, options));
  }
  return { pooled, arms };
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function kappaOf(rho: number, options: KappaOptions): number {
  if (!(rho > 0)) return options.ceiling;
  return Math.min(options.ceiling, Math.max(options.floor, (1 - rho) / rho));
}
