import * as z from 'zod/mini';

const SIMPLE = ['like', 'dislike', 'click', 'bookmark', 'impression'] as const;

/**
 * One feedback event as a server reports it: a name (`'like'`, ...), the same as `{ type }`,
 * a star rating `{ type: 'rating', value: 1..5 }` or a dwell time `{ type: 'dwell', ms }`.
 *
 * @example
 * FeedbackEventSchema.parse({ type: 'rating', value: 4 });
 */
export const FeedbackEventSchema = z.union(
  [
    z.enum(SIMPLE),
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.enum(SIMPLE) }),
      z.strictObject({ type: z.literal('rating'), value: z.literal([1, 2, 3, 4, 5]) }),
      z.strictObject({ type: z.literal('dwell'), ms: z.number().check(z.gte(0)) }),
    ]),
  ],
  {
    error:
      'expected like, dislike, click, bookmark, impression, { type: one of those }, ' +
      '{ type: "rating", value: 1-5 } or { type: "dwell", ms: >= 0 }',
  },
);

/**
 * A feedback event, see {@link FeedbackEventSchema}.
 *
 * @example
 * const events: FeedbackEvent[] = ['like', { type: 'click' }, { type: 'dwell', ms: 12_000 }];
 */
export type FeedbackEvent = z.infer<typeof FeedbackEventSchema>;
