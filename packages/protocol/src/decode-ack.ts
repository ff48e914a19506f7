import type { Ack } from './ack.ts';
import { seq, version } from './client-guards.ts';
import { decoder, object, oneOf } from './guard.ts';

/**
 * Checks a parsed 200 answer to a delta batch: the same rules as {@link AckSchema}, hand
 * written so the browser bundle needs no zod. Unknown fields are ignored.
 *
 * @example
 * const result = decodeAck(await response.json());
 * if (result.ok && result.value.status === 'accepted') outbox.remove(result.value.seq);
 */
export const decodeAck = decoder<Ack>(
  object({
    status: oneOf(['accepted', 'duplicate']),
    seq,
    shard: version,
    shardVersion: version,
  }),
);
