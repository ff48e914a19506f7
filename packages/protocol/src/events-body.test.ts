import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWith } from './decode-with.ts';
import { installEnglishMessages } from './english-messages.ts';
import { EventsBodySchema, EventsResponseSchema } from './events-body.ts';

beforeAll(installEnglishMessages);

const event = { id: 'ev-1', decision: 'home-feed', arm: 'movie-1234', event: 'like' };
const body = (change: object) => ({ events: [{ ...event, ...change }] });

describe('EventsBodySchema', () => {
  it.each([
    ['a like', body({})],
    [
      'each simple event name',
      {
        events: ['like', 'dislike', 'click', 'bookmark', 'impression'].map((e, i) => ({
          ...event,
          id: `e${i}`,
          event: e,
        })),
      },
    ],
    ['a simple event as an object', body({ event: { type: 'bookmark' } })],
    ['a rating', body({ event: { type: 'rating', value: 5 } })],
    ['a dwell time', body({ event: { type: 'dwell', ms: 12_000.5 } })],
    ['a context and a time', body({ context: 'evening', at: 1_763_800_000_000 })],
    ['an empty context', body({ context: '' })],
    ['500 events', { events: Array.from({ length: 500 }, (_, i) => ({ ...event, id: `e${i}` })) }],
  ])('accepts %s', (_, value) => {
    expect(decodeWith(EventsBodySchema, value).ok).toBe(true);
  });

  it.each(
    [
      ['no events', { events: [] }, 'events'],
      [
        '501 events',
        { events: Array.from({ length: 501 }, (_, i) => ({ ...event, id: `e${i}` })) },
        'events',
      ],
      ['no events field', {}, 'events'],
      ['an empty id', body({ id: '' }), 'events.0.id'],
      ['an id of 129 characters', body({ id: 'i'.repeat(129) }), 'events.0.id'],
      ['a missing arm', { events: [{ id: 'e', decision: 'd', event: 'like' }] }, 'events.0.arm'],
      ['a decision of 129 characters', body({ decision: 'd'.repeat(129) }), 'events.0.decision'],
      ['an unknown event name', body({ event: 'share' }), 'events.0.event'],
      ['a rating of 0', body({ event: { type: 'rating', value: 0 } }), 'events.0.event'],
      ['a rating of 4.5', body({ event: { type: 'rating', value: 4.5 } }), 'events.0.event'],
      ['a rating without value', body({ event: { type: 'rating' } }), 'events.0.event'],
      ['a negative dwell time', body({ event: { type: 'dwell', ms: -1 } }), 'events.0.event.ms'],
      [
        'an infinite dwell time',
        body({ event: { type: 'dwell', ms: Number.POSITIVE_INFINITY } }),
        'events.0.event',
      ],
      ['a negative time', body({ at: -1 }), 'events.0.at'],
      ['a fractional time', body({ at: 1.5 }), 'events.0.at'],
      ['a numeric context', body({ context: 3 }), 'events.0.context'],
      ['a field outside the contract', body({ user: 'u1' }), 'events.0'],
    ].map(([name, value, path]) => ({ name, value, path })),
  )('rejects $name at "$path"', ({ value, path }) => {
    const result = decodeWith(EventsBodySchema, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues[0]?.path).toBe(path);
  });

  it('explains a bad event in one message', () => {
    const result = decodeWith(EventsBodySchema, body({ event: { type: 'rating', value: 7 } }));
    expect(!result.ok && result.error.message).toBe(
      'events.0.event: expected like, dislike, click, bookmark, impression, { type: one of those }, ' +
        '{ type: "rating", value: 1-5 } or { type: "dwell", ms: >= 0 }',
    );
  });
});

describe('EventsResponseSchema', () => {
  it.each([
    [{ accepted: 3, duplicates: 0 }, true],
    [{ accepted: 3 }, false],
    [{ accepted: -1, duplicates: 0 }, false],
  ])('judges %j (valid: %s)', (value, valid) => {
    expect(EventsResponseSchema.safeParse(value).success).toBe(valid);
  });
});
