import { assertBatch } from './assert-batch.ts';
import type { Delta, DeltaBatch } from './delta-batch.ts';
import { quantize } from './quantize.ts';

/**
 * Encodes a batch as the JSON body of `POST /v1/apps/:app/deltas`, quantizing s and f to
 * thousandths and writing only the contract's fields. Throws a RangeError naming the field
 * when the batch breaks the contract (check first with {@link checkBatch} to avoid that).
 *
 * @example
 * encodeBatchJson({
 *   clientId: 'c_8f2a61d0',
 *   seq: 1,
 *   deltas: [{ decision: 'home-feed', context: '', arm: 'movie-1234', s: 0.75, f: 0.25 }],
 * });
 * // '{"clientId":"c_8f2a61d0","seq":1,"deltas":[{"decision":"home-feed","context":"","arm":"movie-1234","s":0.75,"f":0.25}]}'
 */
export function encodeBatchJson(batch: DeltaBatch): string {
  assertBatch(batch);
  return JSON.stringify({
    clientId: batch.clientId,
    seq: batch.seq,
    deltas: batch.deltas.map((delta): Delta => {
      const wire: Delta = {
        decision: delta.decision,
        context: delta.context,
        arm: delta.arm,
        s: quantize(delta.s),
        f: quantize(delta.f),
      };
      return delta.n === undefined ? wire : { ...wire, n: delta.n };
    }),
  });
}
