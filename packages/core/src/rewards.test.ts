import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/rewards.json' with { type: 'json' };
import { isCrowdbanditError } from './errors.ts';
import { DEFAULT_REWARDS, parseEvent, resolveRewards, rewardOf } from './rewards.ts';

describe('rewardOf', () => {
  it.each(vectors.cases)('maps $event to its default reward', ({ event, reward }) => {
    expect(rewardOf(parseEvent(event), DEFAULT_REWARDS)).toEqual(reward);
  });

  it('uses per-decision overrides', () => {
    const map = resolveRewards(
      { impression: { w: 0 }, rating: { neutral: null }, dwell: { targetMs: 60_000 } },
      'rewards',
    );
    expect(rewardOf({ type: 'impression' }, map)).toBeNull();
    expect(rewardOf({ type: 'rating', value: 3 }, map)).toEqual({ r: 0.5, w: 1 });
    expect(rewardOf({ type: 'dwell', value: 30_000 }, map)).toEqual({ r: 0.5, w: 1 });
  });
});

describe('parseEvent', () => {
  it.each([
    ['share', 'event', /unknown event "share"/],
    [{ type: 'share' }, 'event.type', /unknown event type "share"/],
    [{ type: 'rating', value: 7 }, 'event.value', /integer from 1 to 5, got 7/],
    [{ type: 'rating', value: 4.5 }, 'event.value', /integer from 1 to 5/],
    [{ type: 'rating' }, 'event.value', /got undefined/],
    [{ type: 'dwell', ms: -1 }, 'event.ms', /≥ 0, got -1/],
    [{ type: 'dwell', ms: Number.NaN }, 'event.ms', /got NaN/],
    [{ type: 'dwell', ms: Number.POSITIVE_INFINITY }, 'event.ms', /got Infinity/],
    ['rating', 'event', /needs a value/],
    [null, 'event', /got null/],
    [42, 'event', /got 42/],
    [['like'], 'event', /got an array/],
  ])('rejects %j naming %s', (event, field, message) => {
    let caught: unknown;
    try {
      parseEvent(event);
    } catch (error) {
      caught = error;
    }
    expect(isCrowdbanditError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'invalid_event', field });
    expect((caught as Error).message).toMatch(message);
  });
});

describe('resolveRewards', () => {
  it.each([
    [{ like: { r: 2 } }, 'rewards.like.r'],
    [{ bookmark: { w: -1 } }, 'rewards.bookmark.w'],
    [{ dwell: { targetMs: 0 } }, 'rewards.dwell.targetMs'],
    [{ rating: { neutral: 6 } }, 'rewards.rating.neutral'],
    [{ share: { r: 1 } }, 'rewards.share'],
  ])('rejects %j naming %s', (overrides, field) => {
    expect(() => resolveRewards(overrides as never, 'rewards')).toThrow(
      expect.objectContaining({ field }),
    );
  });
});
