import { describe, expect, it } from 'vitest';
import { HistoryQuerySchema, HistorySchema } from './history.ts';

const body = {
  app: 'demo',
  decision: 'home-feed',
  step: 'minute',
  from: 1_763_800_000_000,
  to: 1_763_886_400_000,
  kappa: [[1_763_800_020_000, 120]],
  arms: [
    {
      context: '',
      arm: 'popular',
      points: [
        [1_763_800_020_000, 31, 12, 400, 0.18, 0.42],
        [1_763_800_080_000, 32, 12, 401, null, 0.43],
      ],
    },
  ],
};

describe('HistorySchema', () => {
  it('accepts the edge’s history body with tuple points', () => {
    expect(HistorySchema.parse(body)).toEqual(body);
  });

  it.each([
    ['a share above 1', { ...body, arms: [{ ...body.arms[0], points: [[1, 1, 1, 1, 1.5, 0]] }] }],
    [
      'a point without P(best)',
      { ...body, arms: [{ ...body.arms[0], points: [[1, 1, 1, 1, 0.5]] }] },
    ],
    ['an unknown step', { ...body, step: 'day' }],
    ['a κ of zero', { ...body, kappa: [[1, 0]] }],
  ])('refuses %s', (_, wrong) => {
    expect(HistorySchema.safeParse(wrong).success).toBe(false);
  });
});

describe('HistoryQuerySchema', () => {
  it('refuses a decision with a control character', () => {
    const query = { decision: 'a\u0007b', from: 0, to: 1, step: 'hour' };
    expect(HistoryQuerySchema.safeParse(query).success).toBe(false);
  });
});
