import { describe, expect, it } from 'vitest';
import { decodeWith } from './decode-with.ts';
import { SeedFeedbackSchema } from './seed-feedback.ts';

describe('SeedFeedbackSchema', () => {
  it.each([
    ['numeric ids', { user_id: 42, movie_id: 1234, feedback_type: 'like' }],
    ['string ids', { user_id: 'u-42', movie_id: 'tt0111161', feedback_type: 'dislike' }],
    ['an event id', { user_id: 42, movie_id: 1234, feedback_type: 'like', event_id: 'ev-9' }],
  ])('accepts %s', (_, value) => {
    expect(decodeWith(SeedFeedbackSchema, value)).toEqual({ ok: true, value });
  });

  it('drops the extra fields the seeds sent', () => {
    const result = decodeWith(SeedFeedbackSchema, {
      user_id: 42,
      movie_id: 1234,
      feedback_type: 'like',
      timestamp: '2024-01-01',
    });
    expect(result).toEqual({
      ok: true,
      value: { user_id: 42, movie_id: 1234, feedback_type: 'like' },
    });
  });

  it.each(
    [
      ['a click', { user_id: 42, movie_id: 1234, feedback_type: 'click' }, 'feedback_type'],
      ['a missing user', { movie_id: 1234, feedback_type: 'like' }, 'user_id'],
      ['a fractional movie id', { user_id: 42, movie_id: 1.5, feedback_type: 'like' }, 'movie_id'],
      ['an empty movie id', { user_id: 42, movie_id: '', feedback_type: 'like' }, 'movie_id'],
      ['a null user', { user_id: null, movie_id: 1, feedback_type: 'like' }, 'user_id'],
      [
        'an empty event id',
        { user_id: 42, movie_id: 1, feedback_type: 'like', event_id: '' },
        'event_id',
      ],
    ].map(([name, value, path]) => ({ name, value, path })),
  )('rejects $name at "$path"', ({ value, path }) => {
    const result = decodeWith(SeedFeedbackSchema, value);
    expect(!result.ok && result.error.issues[0]?.path).toBe(path);
  });
});
