import { checkRewards } from './check-rewards.ts';
import { CrowdbanditError, describeValue } from './errors.ts';

/** Event types that carry no value. */
export type SimpleEventType = 'like' | 'dislike' | 'click' | 'bookmark' | 'impression';

/**
 * A feedback event on an arm. Simple events may be given as a bare string.
 *
 * @example
 * const events: FeedbackEvent[] = ['like', { type: 'rating', value: 4 }, { type: 'dwell', ms: 12_000 }];
 */
export type FeedbackEvent =
  | SimpleEventType
  | { readonly type: SimpleEventType }
  | { readonly type: 'rating'; readonly value: number }
  | { readonly type: 'dwell'; readonly ms: number };

/** Every event type the reward map knows. */
export type FeedbackEventType = SimpleEventType | 'rating' | 'dwell';

/** A validated event in one shape. */
export interface NormalizedEvent {
  readonly type: FeedbackEventType;
  /** Stars for `rating`, milliseconds for `dwell`. */
  readonly value?: number;
}

/** A reward r in [0, 1] with weight w: evidence grows by s += w*r, f += w*(1-r). */
export interface Reward {
  readonly r: number;
  readonly w: number;
}

/**
 * How each event becomes a reward. Ratings map 1..5 stars to r = (stars-1)/4; the
 * `neutral` rating (3 by default) updates nothing. Dwell maps to r = min(ms/targetMs, 1).
 */
export interface RewardMap {
  readonly like: Reward;
  readonly dislike: Reward;
  readonly click: Reward;
  readonly bookmark: Reward;
  readonly impression: Reward;
  readonly rating: { readonly w: number; readonly neutral: number | null };
  readonly dwell: { readonly w: number; readonly targetMs: number };
}

/** Overrides for part of the reward map, per decision. */
export type RewardOverrides = { readonly [K in keyof RewardMap]?: Partial<RewardMap[K]> };

/**
 * The default reward map: like 1, dislike 0, click 1, bookmark 1 with weight 2, rating
 * (stars-1)/4 with 3 stars neutral, dwell min(ms/30 s, 1), impression without click 0 with
 * weight 0.1 (a small implicit negative).
 *
 * @example
 * DEFAULT_REWARDS.bookmark; // { r: 1, w: 2 }
 */
export const DEFAULT_REWARDS: RewardMap = Object.freeze({
  like: { r: 1, w: 1 },
  dislike: { r: 0, w: 1 },
  click: { r: 1, w: 1 },
  bookmark: { r: 1, w: 2 },
  impression: { r: 0, w: 0.1 },
  rating: { w: 1, neutral: 3 },
  dwell: { w: 1, targetMs: 30_000 },
});

const SIMPLE: ReadonlySet<string> = new Set(['like', 'dislike', 'click', 'bookmark', 'impression']);

function fail(message: string, field: string): never {
  throw new CrowdbanditError('invalid_event', message, field);
}

/**
 * Validates an event of unknown shape (it may come from an app, a message or a stored
 * record) and returns it in one shape. Throws a {@link CrowdbanditError} naming the field.
 *
 * @example
 * parseEvent('like'); // { type: 'like' }
 * parseEvent({ type: 'rating', value: 5 }); // { type: 'rating', value: 5 }
 * parseEvent({ type: 'rating', value: 9 }); // throws: event.value must be an integer from 1 to 5
 */
export function parseEvent(event: unknown): NormalizedEvent {
  if (typeof event === 'string') {
    if (SIMPLE.has(event)) return { type: event as SimpleEventType };
    if (event === 'rating' || event === 'dwell') {
      fail(
        `a ${event} event needs a value: pass { type: '${event}', ${event === 'rating' ? 'value' : 'ms'}: … }`,
        'event',
      );
    }
    fail(
      `unknown event ${describeValue(event)}: expected like, dislike, click, bookmark, impression, rating or dwell`,
      'event',
    );
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    fail(
      `event must be an event name or an object with a type, got ${describeValue(event)}`,
      'event',
    );
  }
  const { type } = event as { type?: unknown };
  if (typeof type === 'string' && SIMPLE.has(type)) return { type: type as SimpleEventType };
  if (type === 'rating') {
    const { value } = event as { value?: unknown };
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) {
      fail(
        `event.value must be an integer from 1 to 5, got ${describeValue(value)}`,
        'event.value',
      );
    }
    return { type, value };
  }
  if (type === 'dwell') {
    const { ms } = event as { ms?: unknown };
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      fail(
        `event.ms must be a finite number of milliseconds ≥ 0, got ${describeValue(ms)}`,
        'event.ms',
      );
    }
    return { type, value: ms };
  }
  fail(
    `unknown event type ${describeValue(type)}: expected like, dislike, click, bookmark, impression, rating or dwell`,
    'event.type',
  );
}

/**
 * The reward an event earns under a reward map, or `null` when it carries no evidence
 * (a neutral rating, or a zero weight).
 *
 * @example
 * rewardOf({ type: 'rating', value: 5 }, DEFAULT_REWARDS); // { r: 1, w: 1 }
 * rewardOf({ type: 'rating', value: 3 }, DEFAULT_REWARDS); // null: 3 stars is neutral
 * rewardOf({ type: 'dwell', value: 15_000 }, DEFAULT_REWARDS); // { r: 0.5, w: 1 }
 */
export function rewardOf(event: NormalizedEvent, map: RewardMap): Reward | null {
  let reward: Reward;
  switch (event.type) {
    case 'rating': {
      const stars = event.value ?? 0;
      if (map.rating.neutral !== null && stars === map.rating.neutral) return null;
      reward = { r: (stars - 1) / 4, w: map.rating.w };
      break;
    }
    case 'dwell':
      reward = { r: Math.min((event.value ?? 0) / map.dwell.targetMs, 1), w: map.dwell.w };
      break;
    default:
      reward = map[event.type];
  }
  return reward.w > 0 ? reward : null;
}

/**
 * Merges per-decision overrides into the default map, validating every number.
 *
 * @example
 * const rewards = resolveRewards({ impression: { w: 0 }, dwell: { targetMs: 60_000 } }, 'rewards');
 */
export function resolveRewards(overrides: RewardOverrides | undefined, field: string): RewardMap {
  checkRewards(overrides, field);
  return fillRewards(overrides);
}

/**
 * Merges overrides that passed {@link checkRewards} into the default map, checking nothing.
 *
 * @example
 * fillRewards({ impression: { w: 0 } }).impression; // { r: 0, w: 0 }
 */
export function fillRewards(overrides: RewardOverrides | undefined): RewardMap {
  if (overrides === undefined) return DEFAULT_REWARDS;
  const simple = (key: SimpleEventType): Reward => {
    const o = overrides[key] ?? {};
    return { r: o.r ?? DEFAULT_REWARDS[key].r, w: o.w ?? DEFAULT_REWARDS[key].w };
  };
  const rating = overrides.rating ?? {};
  const dwell = overrides.dwell ?? {};
  return {
    like: simple('like'),
    dislike: simple('dislike'),
    click: simple('click'),
    bookmark: simple('bookmark'),
    impression: simple('impression'),
    rating: {
      w: rating.w ?? DEFAULT_REWARDS.rating.w,
      neutral: rating.neutral === undefined ? DEFAULT_REWARDS.rating.neutral : rating.neutral,
    },
    dwell: {
      w: dwell.w ?? DEFAULT_REWARDS.dwell.w,
      targetMs: dwell.targetMs ?? DEFAULT_REWARDS.dwell.targetMs,
    },
  };
}
