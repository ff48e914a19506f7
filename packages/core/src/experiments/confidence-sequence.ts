import type { Counts } from '../prior.ts';
import { checkCounts, checkPositive, checkUnit, refuse } from './check-counts.ts';

/** Options of {@link confidenceSequence}. */
export interface ConfidenceSequenceOptions {
  /** The error rate over the whole experiment, however often it is checked: 0.05 by default. */
  readonly alpha?: number;
  /**
   * The configured split `[control, variant]` (any positive scale): the assignment
   * probabilities of the estimator below. `[1, 1]` by default.
   */
  readonly weights?: readonly [number, number];
  /**
   * t*, the total number of users (both arms) at which the boundary should be tightest:
   * 10,000 by default. It only tunes the width; validity holds at every t.
   */
  readonly plannedUsers?: number;
}

/** An estimate of p_variant - p_control with its interval at one moment of the sequence. */
export interface ConfidenceInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly alpha: number;
}

/**
 * An always-valid (1 - alpha) confidence sequence for the difference in conversion rates
 * p_variant - p_control: the intervals of every look contain the true difference at once
 * with probability about 1 - alpha, so they may be checked after every batch and the
 * experiment stopped the moment 0 is outside. It is the asymptotic confidence sequence of
 * Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas ("Time-uniform central limit theory and
 * asymptotic confidence sequences", Annals of Statistics 2024, Theorem 2.2), whose boundary
 * is Robbins' normal mixture (as in Howard et al. 2021):
 *
 *   estimate ± sqrt( 2(t σ̂² ρ² + 1) / (t² ρ²) · log( sqrt(t σ̂² ρ² + 1) / alpha ) ).
 *
 * How t and σ̂ are defined here: the t = n_control + n_variant users are the observations,
 * each assigned to the variant with probability w = weights[1] / (weights[0] + weights[1])
 * fixed in advance. The estimator is the difference in means p̂_v - p̂_c, written as the
 * mean of augmented inverse-propensity-weighted values with the arm means as outcome model,
 * φ_i = p̂_v - p̂_c + 1[variant](Y_i - p̂_v) / w - 1[control](Y_i - p̂_c) / (1 - w), and σ̂²
 * is their sample variance, (n_v p̂_v(1 - p̂_v) / w² + n_c p̂_c(1 - p̂_c) / (1 - w)²) / t.
 * (The paper's AIPW estimator of a treatment effect with a constant per-arm outcome model;
 * it is tighter than plain IPW, Y_i(1[variant] / w - 1[control] / (1 - w)), whose mean
 * moves with the realised split.) With a balanced split σ̂² / t is the familiar
 * p̂_v q̂_v / n_v + p̂_c q̂_c / n_c.
 *
 * ρ is chosen in advance from `plannedUsers` by the paper's formula,
 * ρ² = (-2 log alpha + log(-2 log alpha + 1)) / t*, which makes the boundary of a unit-
 * variance sequence tightest at t = t*; the width changes slowly with ρ, and the guarantee
 * never depends on it. The guarantee is asymptotic (it rests on the CLT), so trust it
 * from about 100 users per arm. The interval is clipped to [-1, 1]; an arm without users
 * gives estimate 0 and [-1, 1].
 *
 * @throws CrowdbanditError when a count is negative, NaN or infinite, `alpha` is not in
 *   (0, 1), a weight is not > 0 or `plannedUsers` is not > 0.
 *
 * @example
 * const ci = confidenceSequence({ s: 500, f: 9500 }, { s: 640, f: 9360 });
 * // ≈ { estimate: 0.014, lower: 0.0038, upper: 0.0242, alpha: 0.05 }
 * ci.lower > 0; // true: the variant is better, and it was fine to look after every batch
 */
export function confidenceSequence(
  control: Counts,
  variant: Counts,
  options: ConfidenceSequenceOptions = {},
): ConfidenceInterval {
  checkCounts(control, 'control');
  checkCounts(variant, 'variant');
  const { alpha = 0.05, weights = [1, 1], plannedUsers = 10_000 } = options;
  checkUnit(alpha, 'alpha');
  if (!Array.isArray(weights) || weights.length !== 2) {
    refuse('weights', 'must be [control, variant], two numbers > 0');
  }
  checkPositive(weights[0], 'weights[0]');
  checkPositive(weights[1], 'weights[1]');
  checkPositive(plannedUsers, 'plannedUsers');
  const nC = control.s + control.f;
  const nV = variant.s + variant.f;
  if (nC === 0 || nV === 0) return { estimate: 0, lower: -1, upper: 1, alpha };
  const w = weights[1] / (weights[0] + weights[1]);
  const pC = control.s / nC;
  const pV = variant.s / nV;
  const estimate = pV - pC;
  const t = nC + nV;
  const variance =
    ((nV * pV * (1 - pV)) / (w * w) + (nC * pC * (1 - pC)) / ((1 - w) * (1 - w))) / t;
  const logAlpha = Math.log(alpha);
  const rho2 = (-2 * logAlpha + Math.log(-2 * logAlpha + 1)) / plannedUsers;
  const spread = t * variance * rho2 + 1;
  const radius = Math.sqrt(((2 * spread) / (t * t * rho2)) * (0.5 * Math.log(spread) - logAlpha));
  return {
    estimate,
    lower: Math.max(-1, estimate - radius),
    upper: Math.min(1, estimate + radius),
    alpha,
  };
}
