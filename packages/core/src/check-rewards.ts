// Internal: the checks of reward overrides, apart from the default map and the event parser
// so that checking a decision's configuration bundles neither.
import { checkRange, checkWeight, isRecord, mustBe, refuse } from './option-checks.ts';
import type { RewardOverrides } from './rewards.ts';

/** Event types that carry no value, in the order messages list them. */
export const SIMPLE_EVENTS = ['like', 'dislike', 'click', 'bookmark', 'impression'] as const;

const EVENTS: readonly string[] = [...SIMPLE_EVENTS, 'rating', 'dwell'];

/** Checks every number of reward overrides; throws naming the field (`<field>.like.r`). */
export function checkRewards(overrides: RewardOverrides | undefined, field: string): void {
  if (overrides === undefined) return;
  mustBe(isRecord(overrides), field, 'an object', overrides);
  for (const key of Object.keys(overrides)) {
    if (!EVENTS.includes(key)) {
      refuse(`${field}.${key}`, `is not an event type (${EVENTS.join(', ')})`);
    }
  }
  for (const key of SIMPLE_EVENTS) {
    const o = overrides[key] ?? {};
    if (o.r !== undefined) checkRange(o.r, `${field}.${key}.r`, 0, 1);
    if (o.w !== undefined) checkWeight(o.w, `${field}.${key}.w`);
  }
  const rating = overrides.rating ?? {};
  const dwell = overrides.dwell ?? {};
  if (rating.w !== undefined) checkWeight(rating.w, `${field}.rating.w`);
  const { neutral } = rating;
  if (neutral !== undefined && neutral !== null) {
    mustBe([1, 2, 3, 4, 5].includes(neutral), `${field}.rating.neutral`, '1..5 or null', neutral);
  }
  if (dwell.w !== undefined) checkWeight(dwell.w, `${field}.dwell.w`);
  const { targetMs } = dwell;
  if (targetMs !== undefined) {
    const ok = Number.isFinite(targetMs) && targetMs > 0;
    mustBe(ok, `${field}.dwell.targetMs`, 'a finite number > 0', targetMs);
  }
}
