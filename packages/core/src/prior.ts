/** Parameters of a Beta distribution. */
export interface BetaParams {
  readonly alpha: number;
  readonly beta: number;
}

/** Where an arm's prior came from: the crowd, the decision's other arms, or the base prior. */
export type PriorSource = 'community' | 'decision' | 'base';

/** Success and failure totals. */
export interface Counts {
  readonly s: number;
  readonly f: number;
}

/** Beta(1, 1): the uniform prior. */
export const UNIFORM_PRIOR: BetaParams = Object.freeze({ alpha: 1, beta: 1 });

/**
 * The community prior of an arm: the crowd's totals minus what this client itself
 * contributed to them (so its own feedback never counts twice), keeping the crowd's mean m
 * but capping its strength n at `maxStrength`: alpha0 = a + m*n, beta0 = b + (1-m)*n.
 * Returns `null` when nothing of the crowd's is left.
 *
 * @example
 * communityPrior(UNIFORM_PRIOR, { s: 300, f: 700 }, { s: 0, f: 0 }, 100); // { alpha: 31, beta: 71 }
 */
export function communityPrior(
  base: BetaParams,
  community: Counts,
  own: Counts,
  maxStrength: number,
): BetaParams | null {
  const s = Math.max(0, community.s - own.s);
  const f = Math.max(0, community.f - own.f);
  const total = s + f;
  if (!(total > 0)) return null;
  const n = Math.min(total, maxStrength);
  const m = s / total;
  return { alpha: base.alpha + m * n, beta: base.beta + (1 - m) * n };
}

/** Tuning of {@link fitDecisionPrior}. */
export interface DecisionPriorOptions {
  /** Upper bound on the fitted prior's strength alpha+beta. */
  readonly maxStrength: number;
  /** Arms at which the fit and the base prior weigh equally; fewer arms lean on the base. */
  readonly halfWeightArms: number;
}

/**
 * The prior of an arm nobody has seen yet: a Beta fitted across the decision's known arms
 * by the method of moments (pooled mean; spread between arms net of binomial noise), its
 * strength capped, and shrunk towards `base` when few arms are known. New items thus start
 * at the catalog's typical rate rather than at 50%.
 *
 * @example
 * const arms = [{ s: 5, f: 995 }, { s: 8, f: 992 }, { s: 4, f: 996 }];
 * fitDecisionPrior(arms, UNIFORM_PRIOR, { maxStrength: 200, halfWeightArms: 2 }); // mean ≈ 0.005
 */
export function fitDecisionPrior(
  arms: Iterable<Counts>,
  base: BetaParams,
  options: DecisionPriorOptions,
): BetaParams {
  let k = 0;
  let sumS = 0;
  let sumN = 0;
  let sumS2OverN = 0;
  for (const arm of arms) {
    const n = arm.s + arm.f;
    if (!(n > 0)) continue;
    k += 1;
    sumS += arm.s;
    sumN += n;
    sumS2OverN += (arm.s * arm.s) / n;
  }
  if (k < 2) return base;
  const m = sumS / sumN;
  if (m <= 0 || m >= 1) return base;
  // Sum of n*(s/n - m)^2 in one pass, so any iterable (a Map's values) will do.
  const spread = sumS2OverN - (sumS * sumS) / sumN;
  const between = spread / sumN - (m * (1 - m) * k) / sumN;
  const strength =
    between > 0
      ? Math.min(Math.max((m * (1 - m)) / between - 1, 1), options.maxStrength)
      : options.maxStrength;
  const w = k / (k + options.halfWeightArms);
  return {
    alpha: w * m * strength + (1 - w) * base.alpha,
    beta: w * (1 - m) * strength + (1 - w) * base.beta,
  };
}
