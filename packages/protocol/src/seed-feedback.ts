import * as z from 'zod/mini';
import { MAX_NAME_LENGTH } from './limits.ts';
import { wireText } from './schema-parts.ts';

const seedId = z.union([wireText(1, MAX_NAME_LENGTH), z.int()], {
  error: 'expected a string of 1-128 characters or an integer',
});

/**
 * The body of the seed-compatible `POST /feedback`: one like or dislike of a movie by a
 * user. `event_id`, when given, makes it idempotent. Unknown fields are dropped, as the seeds
 * sent more than this.
 *
 * @example
 * SeedFeedbackSchema.parse({ user_id: 42, movie_id: '1234', feedback_type: 'like' });
 */
export const SeedFeedbackSchema = z.object({
  user_id: seedId,
  movie_id: seedId,
  feedback_type: z.enum(['like', 'dislike']),
  event_id: z.exactOptional(wireText(1, MAX_NAME_LENGTH)),
});

/**
 * A seed feedback body, see {@link SeedFeedbackSchema}.
 *
 * @example
 * const body: SeedFeedback = { user_id: 42, movie_id: 1234, feedback_type: 'dislike' };
 */
export type SeedFeedback = z.infer<typeof SeedFeedbackSchema>;
