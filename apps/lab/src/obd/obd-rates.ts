import { type BetaParams, type Counts, fitDecisionPrior, UNIFORM_PRIOR } from '@crowdbandit/core';
import { figure } from '../format.ts';
import type { ObdLog } from './obd-log.ts';

/** Per-item click-through rates estimated from a log and shrunk towards the pooled rate. */
export interface ShrunkRates {
  /** Clicks and impressions per item. */
  readonly counts: readonly Counts[];
  readonly impressions: Float64Array;
  readonly clicks: Float64Array;
  /** Posterior mean per item: (clicks + α₀) / (impressions + α₀ + β₀). */
  readonly rates: Float64Array;
  /** The fitted prior (α₀, β₀). */
  readonly prior: BetaParams;
  readonly pooledRate: number;
  /**
   * The method-of-moments variance of the true rates between items, net of binomial noise;
   * ≤ 0 means the sample cannot tell the items apart, and the prior's strength sits at its cap.
   */
  readonly betweenVariance: number;
  readonly maxStrength: number;
}

/** Default cap on the shrinkage prior's strength, in pseudo-impressions. */
export const DEFAULT_SHRINK_STRENGTH = 100;

/**
 * Empirical Bayes rates per item: core's `fitDecisionPrior` (method of moments over the
 * items' clicks and impressions, strength capped at `maxStrength` pseudo-impressions, no
 * extra shrinkage towards Beta(1, 1)) gives a Beta prior at the pooled rate, and each item's
 * rate is its posterior mean. Zero-click items thus get a small positive rate instead of 0.
 *
 * @example
 * const { rates } = shrunkItemRates((await readObdSample()).random); // 34 rates around 0.46%
 */
export function shrunkItemRates(log: ObdLog, maxStrength = DEFAULT_SHRINK_STRENGTH): ShrunkRates {
  const impressions = new Float64Array(log.items);
  const clicks = new Float64Array(log.items);
  for (let r = 0; r < log.rows; r++) {
    impressions[log.item[r]!]! += 1;
    clicks[log.item[r]!]! += log.click[r]!;
  }
  const counts = Array.from(impressions, (n, i) => ({ s: clicks[i]!, f: n - clicks[i]! }));
  const prior = fitDecisionPrior(counts, UNIFORM_PRIOR, { maxStrength, halfWeightArms: 0 });
  const rates = Float64Array.from(
    impressions,
    (n, i) => (clicks[i]! + prior.alpha) / (n + prior.alpha + prior.beta),
  );
  let sumS = 0;
  let sumN = 0;
  let sumS2OverN = 0;
  let k = 0;
  for (let i = 0; i < log.items; i++) {
    if (impressions[i] === 0) continue;
    k += 1;
    sumS += clicks[i]!;
    sumN += impressions[i]!;
    sumS2OverN += (clicks[i]! * clicks[i]!) / impressions[i]!;
  }
  const pooledRate = sumS / sumN;
  // The same moment estimate fitDecisionPrior makes, kept for the report.
  const betweenVariance =
    (sumS2OverN - (sumS * sumS) / sumN) / sumN - (pooledRate * (1 - pooledRate) * k) / sumN;
  return { counts, impressions, clicks, rates, prior, pooledRate, betweenVariance, maxStrength };
}

/**
 * How far the sample tells its items apart, in words for the report: the between-item
 * variance beyond binomial noise and the prior strength it implies against the cap. A
 * variance ≤ 0 implies no finite strength: the items look alike and the cap is the strength.
 *
 * @example
 * shrinkageSummary(shrunkItemRates(log));
 * // 'between-item variance beyond binomial noise 2.94e-9 (moment strength 1,559,038 → capped at 100)'
 */
export function shrinkageSummary(r: ShrunkRates): string {
  const variance = `between-item variance beyond binomial noise ${r.betweenVariance.toExponential(2)}`;
  if (!(r.betweenVariance > 0)) {
    return (
      `${variance}: the sample cannot tell the items apart beyond binomial noise, ` +
      `so the prior's strength is its cap, ${figure(r.maxStrength)}`
    );
  }
  const strength = (r.pooledRate * (1 - r.pooledRate)) / r.betweenVariance - 1;
  const cap = strength > r.maxStrength ? ` → capped at ${figure(r.maxStrength)}` : '';
  return `${variance} (moment strength ${figure(strength)}${cap})`;
}
