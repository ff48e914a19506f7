import { assertBatch } from './assert-batch.ts';
import { BINARY_MAGIC } from './batch-binary-format.ts';
import { ByteWriter } from './byte-writer.ts';
import type { DeltaBatch } from './delta-batch.ts';
import { toMilli } from './quantize.ts';

/**
 * Encodes a batch in binary format version 1 (see {@link BINARY_MAGIC} for the layout), the
 * form SDKs before format version 2 send; the edge still reads it. Kept for tests and the
 * wire benchmark, which measures it against {@link encodeBatch}. Throws a RangeError naming
 * the field when the batch breaks the contract.
 *
 * @example
 * const body = encodeBatchV1({
 *   clientId: 'c_8f2a61d0',
 *   seq: 1,
 *   deltas: [{ decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 }],
 * });
 * fetch(url, { method: 'POST', headers: { 'content-type': BINARY_CONTENT_TYPE }, body });
 */
export function encodeBatchV1(batch: DeltaBatch): Uint8Array {
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
  out.bytes([1]);
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
