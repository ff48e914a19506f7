import { assertBatch } from './assert-batch.ts';
import { BINARY_FORMAT_VERSION, BINARY_MAGIC } from './batch-binary-format.ts';
import { ByteWriter } from './byte-writer.ts';
import type { DeltaBatch } from './delta-batch.ts';
import { toMilli } from './quantize.ts';

/**
 * Encodes a batch in the compact binary form (see {@link BINARY_MAGIC} for the layout),
 * quantizing s and f to thousandths. Throws a RangeError naming the field when the batch
 * breaks the contract (check first with {@link checkBatch} to avoid that).
 *
 * @example
 * const body = encodeBatch({
 *   clientId: 'c_8f2a61d0',
 *   seq: 1,
 *   deltas: [{ decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 }],
 * });
 * fetch(url, { method: 'POST', headers: { 'content-type': BINARY_CONTENT_TYPE }, body });
 */
export function encodeBatch(batch: DeltaBatch): Uint8Array {
  assertBatch(batch);
  const indexes = new Map<string, number>();
  const index = (value: string): number => {
    let found = indexes.get(value);
    if (found === undefined) {
      found = indexes.size;
      indexes.set(value, found);
    }
    return found;
  };
  const rows = batch.deltas.map(
    (delta) => [index(delta.decision), index(delta.context), index(delta.arm)] as const,
  );

  const out = new ByteWriter();
  out.bytes(BINARY_MAGIC);
  out.bytes([BINARY_FORMAT_VERSION]);
  out.string(batch.clientId);
  out.varint(batch.seq);
  out.varint(indexes.size);
  for (const value of indexes.keys()) out.string(value);
  out.varint(batch.deltas.length);
  batch.deltas.forEach((delta, i) => {
    const [decision, context, arm] = rows[i]!;
    const hasN = delta.n === undefined ? 0 : 1;
    out.varint(decision * 2 + hasN);
    out.varint(context);
    out.varint(arm);
    out.varint(toMilli(delta.s));
    out.varint(toMilli(delta.f));
    if (delta.n !== undefined) out.varint(delta.n);
  });
  return out.finish();
}
