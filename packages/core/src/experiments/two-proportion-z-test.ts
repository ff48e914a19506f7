import type { Counts } from '../prior.ts';
import { checkCounts } from './check-counts.ts';
import { normalTwoSided } from './gamma-tail.ts';

/** A z statistic and its two-sided p-value. */
export interface ZTest {
  readonly z: number;
  readonly pValue: number;
}

/**
 * The classic fixed-horizon two-proportion z-test (pooled variance, two-sided, no
 * continuity correction; the same as R's `prop.test(correct = FALSE)`): z is positive when
 * the variant converts better. Valid only when looked at once, at a sample size fixed in
 * advance; checked after every batch, it finds "significant" differences that are not
 * there far more often than 5% of the time. Use {@link confidenceSequence} to peek. An arm
 * without users, or no variance at all (nobody or everybody converted), gives z = 0 and
 * p = 1.
 *
 * @throws CrowdbanditError when a count is negative, NaN or infinite.
 *
 * @example
 * twoProportionZTest({ s: 200, f: 800 }, { s: 250, f: 750 }); // { z: 2.677…, pValue: 0.00742… }
 */
export function twoProportionZTest(control: Counts, variant: Counts): ZTest {
  checkCounts(control, 'control');
  checkCounts(variant, 'variant');
  const nA = control.s + control.f;
  const nB = variant.s + variant.f;
  if (nA === 0 || nB === 0) return { z: 0, pValue: 1 };
  const pooled = (control.s + variant.s) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (!(se > 0)) return { z: 0, pValue: 1 };
  const z = (variant.s / nB - control.s / nA) / se;
  return { z, pValue: normalTwoSided(z) };
}
