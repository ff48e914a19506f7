import type { Ack } from './ack.ts';
import { context, count, name, seq, version } from './client-guards.ts';
import { array, decoder, object, oneOf } from './guard.ts';
import { MAX_DELTAS_PER_BATCH } from './limits.ts';

const clamped = object({ decision: name, context, arm: name, s: count, f: count });

/**
 * Checks a parsed 200 answer to a delta batch: the same rules as {@link AckSchema}, hand
 * written so the browser bundle needs no zod. Unknown fields are ignored.
 *
 * @example
 * const result = decodeAck(await response.json());
 * if (result.ok && result.value.status === 'accepted') outbox.remove(result.value.seq);
 */
export const decodeAck = decoder<Ack>(
  object(
    {
      status: oneOf(['accepted', 'duplicate']),
      seq,
      shard: version,
      shardVersion: version,
    },
    { clamped: array(clamped, 0, MAX_DELTAS_PER_BATCH) },
  ),
);
