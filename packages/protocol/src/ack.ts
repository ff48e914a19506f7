import * as z from 'zod/mini';
import { seqSchema, wholeSchema } from './schema-parts.ts';

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
});

/**
 * An acknowledgement, see {@link AckSchema}.
 *
 * @example
 * const ack: Ack = { status: 'duplicate', seq: 7, shard: 3, shardVersion: 1042 };
 */
export type Ack = z.infer<typeof AckSchema>;
