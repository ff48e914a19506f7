// Internal: the checks of reward overrides, apart from the default map and the event parser
// so that checking a decision's configuration bundles neither.
import { type Check, orNull, range, rule, shape, weight } from './option-checks.ts';
import type { RewardOverrides } from './rewards.ts';

// null stands for the default, as it does for fillRewards.
const simple = orNull(shape({ r: range(0, 1), w: weight }));

/** The shape of reward overrides, by event type. */
export const REWARDS: Check = shape({
  like: simple,
  dislike: simple,
  click: simple,
  bookmark: simple,
  impression: simple,
  rating: orNull(
    shape({
      w: weight,
      neutral: orNull(rule((v: number) => [1, 2, 3, 4, 5].includes(v), '1..5 or null')),
    }),
  ),
  dwell: orNull(
    shape({
      w: weight,
      targetMs: rule((v: number) => Number.isFinite(v) && v > 0, 'a finite number > 0'),
    }),
  ),
});

/** Checks every number of reward overrides; throws naming the field (`<field>.like.r`). */
export function checkRewards(overrides: RewardOverrides | undefined, field: string): void {
  if (overrides !== undefined) REWARDS(overrides, field);
}
