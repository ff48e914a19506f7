import { checkPositive, refuse } from './check-counts.ts';
import { chiSquareTail } from './gamma-tail.ts';

/**
 * The sample ratio mismatch (SRM) p-value: Pearson's chi-square goodness-of-fit test of the
 * users seen per variation against the configured split, with k - 1 degrees of freedom.
 * A tiny p-value (below 0.001, say) means the assignment or the logging is broken and the
 * experiment's results should not be trusted. The upper tail is the regularized incomplete
 * gamma function Q((k - 1) / 2, χ² / 2), accurate to about 1e-14 relative. No users at
 * all give 1.
 *
 * @param observed - users exposed per variation, each a finite number >= 0.
 * @param expectedWeights - the configured split, positive and in any scale (normalised).
 * @throws CrowdbanditError when the arrays differ in length, have fewer than 2 entries, or
 *   hold a negative, NaN or infinite count or a weight that is not > 0.
 *
 * @example
 * srmPValue([821_588, 815_482], [0.5, 0.5]); // ≈ 1.8e-6: Kohavi, Tang & Xu's example of an SRM
 * srmPValue([5_030, 4_970], [1, 1]); // ≈ 0.55: a split this close to 50/50 is fine
 */
export function srmPValue(observed: readonly number[], expectedWeights: readonly number[]): number {
  if (!Array.isArray(observed) || observed.length < 2) {
    refuse('observed', 'must be an array of at least 2 counts');
  }
  if (!Array.isArray(expectedWeights) || expectedWeights.length !== observed.length) {
    refuse(
      'expectedWeights',
      `must have one weight per observed count (${observed.length}), got ${
        Array.isArray(expectedWeights) ? expectedWeights.length : 'no array'
      }`,
    );
  }
  let users = 0;
  let weights = 0;
  observed.forEach((count, i) => {
    if (!(typeof count === 'number' && count >= 0 && count < Number.POSITIVE_INFINITY)) {
      refuse(`observed[${i}]`, `must be a finite number >= 0, got ${String(count)}`);
    }
    checkPositive(expectedWeights[i]!, `expectedWeights[${i}]`);
    users += count;
    weights += expectedWeights[i]!;
  });
  if (users === 0) return 1;
  let statistic = 0;
  observed.forEach((count, i) => {
    const expected = (users * expectedWeights[i]!) / weights;
    statistic += ((count - expected) * (count - expected)) / expected;
  });
  return chiSquareTail(statistic, observed.length - 1);
}
