import * as z from 'zod/mini';
import { MAX_DELTAS_PER_BATCH } from './limits.ts';
import { contextSchema, countSchema, nameSchema, seqSchema, wholeSchema } from './schema-parts.ts';

/**
 * What per-client caps removed from one delta of an accepted batch.
 *
 * @example
 * ClampedDeltaSchema.parse({ decision: 'home-feed', context: '', arm: 'movie-1234', s: 40, f: 0 });
 */
export const ClampedDeltaSchema = z.object({
  decision: nameSchema,
  context: contextSchema,
  arm: nameSchema,
  s: countSchema,
  f: countSchema,
});

/**
 * The 200 answer to a delta batch. `accepted`: counted now; `duplicate`: this seq was counted
 * before. `shardVersion` is the version of `shard` that includes the batch: a priors snapshot
 * whose `shards[shard]` is at least this contains it. Unknown fields are dropped.
 *
 * @example
 * AckSchema.parse({ status: 'accepted', seq: 7, shard: 3, shardVersion: 1042 });
 */
export const AckSchema = z.object({
  status: z.enum(['accepted', 'duplicate']),
  seq: seqSchema,
  shard: wholeSchema,
  shardVersion: wholeSchema,
  clamped: z.exactOptional(z.array(ClampedDeltaSchema).check(z.maxLength(MAX_DELTAS_PER_BATCH))),
});

/**
 * An acknowledgement, see {@link AckSchema}.
 *
 * @example
 * const ack: Ack = { status: 'duplicate', seq: 7, shard: 3, shardVersion: 1042 };
 */
export type Ack = z.infer<typeof AckSchema>;

/**
 * One entry of {@link Ack}'s `clamped`.
 *
 * @example
 * const clamped: ClampedDelta = { decision: 'home-feed', context: '', arm: 'movie-1234', s: 40, f: 0 };
 */
export type ClampedDelta = z.infer<typeof ClampedDeltaSchema>;
