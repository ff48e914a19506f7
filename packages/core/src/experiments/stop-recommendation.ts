import type { Counts } from '../prior.ts';
import { checkArms, checkCounts, checkPositive, checkUnit, refuse } from './check-counts.ts';
import { confidenceSequence } from './confidence-sequence.ts';
import { expectedLoss } from './expected-loss.ts';

/** Options of {@link stopRecommendation}. */
export interface StopOptions {
  /** The error rate of the interval rule over the whole experiment: 0.05 by default. */
  readonly alpha?: number;
  /**
   * Stop once shipping the leader risks less than this much conversion rate, in expectation
   * (absolute, e.g. 0.0005 for 0.05 points). By default 1% of the control's posterior mean
   * rate, so that the threshold scales with the baseline: 0.0005 for a 5% baseline.
   */
  readonly lossThreshold?: number;
  /** No stop before every arm has this many users: 100 by default. */
  readonly minUsers?: number;
  /** The configured split `[control, ...variants]` (any positive scale): equal by default. */
  readonly weights?: readonly number[];
  /** t* of {@link confidenceSequence}: 10,000 by default. */
  readonly plannedUsers?: number;
}

/** Whether to stop, why, and which arm to ship (0 for the control, i for `variants[i - 1]`). */
export interface StopRecommendation {
  readonly stop: boolean;
  readonly reason: 'interval-excludes-zero' | 'loss-below-threshold' | null;
  readonly leader: number;
}

/**
 * Whether an experiment can stop, safe to ask after every batch. The leader is the arm with
 * the smallest expected loss ({@link expectedLoss}); arms are numbered 0 for the control and
 * i for `variants[i - 1]`. It stops with
 *
 * - `'interval-excludes-zero'` when the {@link confidenceSequence} of the leader against the
 *   control lies above 0 (for a leading control: every variant's lies below 0). With several
 *   variants each sequence uses alpha / (number of variants) (Bonferroni), so the error rate
 *   of the whole experiment stays below alpha;
 * - `'loss-below-threshold'` when shipping the leader risks less than `lossThreshold`: the
 *   arms are too close for the difference to matter (Stucchio's "threshold of caring").
 *
 * Neither rule fires before every arm has `minUsers` users (100 by default): the confidence
 * sequence is asymptotic (it rests on the central limit theorem, poor for rates of a few
 * percent with fewer users), and the first users of an experiment are rarely typical ones.
 *
 * @param variants - `{ s, f }` per variant, at least one.
 * @throws CrowdbanditError when a count is negative, NaN or infinite, there is no variant,
 *   `weights` does not have one positive weight per arm, or an option is out of range.
 *
 * @example
 * stopRecommendation({ s: 500, f: 9500 }, [{ s: 640, f: 9360 }]);
 * // { stop: true, reason: 'interval-excludes-zero', leader: 1 }
 */
export function stopRecommendation(
  control: Counts,
  variants: readonly Counts[],
  options: StopOptions = {},
): StopRecommendation {
  checkCounts(control, 'control');
  checkArms(variants, 'variants', 1);
  const arms = [control, ...variants];
  const { alpha = 0.05, minUsers = 100, plannedUsers = 10_000 } = options;
  const weights = options.weights ?? arms.map(() => 1);
  checkUnit(alpha, 'alpha');
  if (!(typeof minUsers === 'number' && minUsers >= 0)) {
    refuse('minUsers', `must be a number >= 0, got ${String(minUsers)}`);
  }
  if (!Array.isArray(weights) || weights.length !== arms.length) {
    refuse('weights', `must have one weight per arm, control first (${arms.length})`);
  }
  weights.forEach((weight, i) => {
    checkPositive(weight, `weights[${i}]`);
  });

  const losses = expectedLoss(arms);
  let leader = 0;
  losses.forEach((loss, i) => {
    if (loss < losses[leader]!) leader = i;
  });
  const baseline = (1 + control.s) / (2 + control.s + control.f);
  const lossThreshold = options.lossThreshold ?? 0.01 * baseline;
  checkPositive(lossThreshold, 'lossThreshold');
  if (arms.some((arm) => arm.s + arm.f < minUsers)) return { stop: false, reason: null, leader };

  const sequenceOf = (i: number) =>
    confidenceSequence(control, arms[i]!, {
      alpha: alpha / variants.length,
      weights: [weights[0]!, weights[i]!],
      plannedUsers,
    });
  const separated =
    leader === 0
      ? variants.every((_, i) => sequenceOf(i + 1).upper < 0)
      : sequenceOf(leader).lower > 0;
  if (separated) return { stop: true, reason: 'interval-excludes-zero', leader };
  if (losses[leader]! < lossThreshold)
    return { stop: true, reason: 'loss-below-threshold', leader };
  return { stop: false, reason: null, leader };
}
