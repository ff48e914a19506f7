import { describe, expect, it } from 'vitest';
import { contextKey, dayType, sessionPosition, timeOfDay, userType } from './context.ts';

describe('bucketers', () => {
  it.each([
    [0, 'night'],
    [4, 'night'],
    [5, 'morning'],
    [11, 'morning'],
    [12, 'afternoon'],
    [16, 'afternoon'],
    [17, 'evening'],
    [21, 'evening'],
    [22, 'night'],
    [23, 'night'],
  ])('puts hour %i in the %s', (hour, bucket) => {
    expect(timeOfDay(hour)).toBe(bucket);
  });

  it.each([
    [0, 'weekend'],
    [1, 'weekday'],
    [5, 'weekday'],
    [6, 'weekend'],
  ])('treats day %i as a %s', (day, bucket) => {
    expect(dayType(day)).toBe(bucket);
  });

  it.each([
    [0, 'early'],
    [4, 'early'],
    [5, 'middle'],
    [19, 'middle'],
    [20, 'late'],
  ])('puts session interaction %i in the %s part', (n, bucket) =>
    expect(sessionPosition(n)).toBe(bucket),
  );

  it.each([
    [0, 'cold-start'],
    [9, 'cold-start'],
    [10, 'regular'],
    [99, 'regular'],
    [100, 'power'],
  ])('calls a visitor with %i interactions %s', (n, bucket) => expect(userType(n)).toBe(bucket));
});

describe('contextKey', () => {
  it('follows the decision feature order whatever the order of the values', () => {
    const a = contextKey(['timeOfDay', 'mood'], { mood: 'calm', timeOfDay: 'evening' });
    const b = contextKey(['timeOfDay', 'mood'], {
      timeOfDay: 'evening',
      mood: 'calm',
      ignored: 'x',
    });
    expect(a).toBe('timeOfDay=evening;mood=calm');
    expect(b).toBe(a);
  });

  it('is empty for a decision without features', () => {
    expect(contextKey([], { mood: 'calm' })).toBe('');
  });

  it('writes booleans as true/false', () => {
    expect(contextKey(['returning'], { returning: true })).toBe('returning=true');
  });

  it.each([
    [{}, 'context.mood', /required/],
    [{ mood: 'a/b' }, 'context.mood', /bucket name/],
    [{ mood: 'x'.repeat(65) }, 'context.mood', /bucket name/],
    [{ mood: 3 }, 'context.mood', /bucket numbers first/],
    [{ mood: '' }, 'context.mood', /bucket name/],
  ])('rejects %j naming %s', (values, field, message) => {
    expect(() => contextKey(['mood'], values as never)).toThrow(
      expect.objectContaining({
        code: 'invalid_context',
        field,
        message: expect.stringMatching(message),
      }),
    );
  });
});
