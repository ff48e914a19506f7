import type { Counts } from './prior.ts';

/**
 * The share of one client's cumulative evidence (s, f) on one arm key that counts towards
 * the crowd's totals: all of it up to `maxWeight`, beyond that scaled down so that
 * s + f = maxWeight, keeping the client's success rate. One client is one bounded vote,
 * however much it sends, and the result depends only on its totals, not on how they were
 * batched.
 *
 * @example
 * boundedScale({ s: 30, f: 10 }, 10); // 0.25
 * boundedScale({ s: 3, f: 1 }, 10); // 1
 */
export function boundedScale(own: Counts, maxWeight: number): number {
  const weight = own.s + own.f;
  return weight > maxWeight ? maxWeight / weight : 1;
}

/**
 * A client's evidence as the crowd counts it, see {@link boundedScale}.
 *
 * @example
 * boundedContribution({ s: 30, f: 10 }, 10); // { s: 7.5, f: 2.5 }
 */
export function boundedContribution(own: Counts, maxWeight: number): Counts {
  const k = boundedScale(own, maxWeight);
  return k === 1 ? own : { s: own.s * k, f: own.f * k };
}
