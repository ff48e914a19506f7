import { BINARY_MAGIC, REF_FORMAT_VERSION } from './batch-binary-format.ts';
import { ByteReader, DecodeFailure } from './byte-reader.ts';
import { decodeWith } from './decode-with.ts';
import type { Decoded } from './decoded.ts';
import { DeltaBatchSchema, type ReceivedBatch, ReceivedBatchSchema } from './delta-batch.ts';
import { readBatchV1 } from './read-batch-v1.ts';
import { type ReadBatch, readBatchV2 } from './read-batch-v2.ts';

/**
 * Decodes a binary delta batch, format version 2 or 3 ({@link encodeBatch}; 3 sends arms the
 * edge knows by ref) or 1 (what SDKs before version 2 send, {@link encodeBatchV1}), and
 * validates it against {@link ReceivedBatchSchema}: a batch without refs is a valid
 * {@link DeltaBatch}. Total: any byte string gives either a valid batch or an error
 * saying what is wrong and at which byte (truncated, bad magic, unknown version, overlong
 * varint, index out of range, invalid UTF-8, trailing bytes, ...); it never throws.
 *
 * @example
 * const result = decodeBatch(new Uint8Array(await request.arrayBuffer()));
 * if (!result.ok) return c.json(errorBody('invalid_body', result.error.message, result.error), 400);
 * apply(result.value);
 */
export function decodeBatch(bytes: Uint8Array): Decoded<ReceivedBatch> {
  let raw: ReadBatch;
  try {
    raw = readBatch(new ByteReader(bytes));
  } catch (error) {
    if (!(error instanceof DecodeFailure)) throw error;
    const issue = { path: error.path, message: error.message };
    return { ok: false, error: { message: error.message, issues: [issue], offset: error.offset } };
  }
  return raw.refs === undefined
    ? decodeWith(DeltaBatchSchema, raw)
    : decodeWith(ReceivedBatchSchema, raw);
}

function readBatch(input: ByteReader): ReadBatch {
  for (const expected of BINARY_MAGIC) {
    const at = input.offset;
    if (input.byte('magic') !== expected) {
      throw new DecodeFailure(`bad magic at byte ${at}: expected 43 42 ("CB")`, at);
    }
  }
  const versionAt = input.offset;
  const version = input.byte('format version');
  if (version < 1 || version > REF_FORMAT_VERSION) {
    throw new DecodeFailure(
      `unknown format version ${version} at byte ${versionAt} (this decoder reads 1 to ${REF_FORMAT_VERSION})`,
      versionAt,
    );
  }
  const batch = version === 1 ? readBatchV1(input) : readBatchV2(input, version === 3);
  if (input.remaining > 0) {
    throw new DecodeFailure(
      `trailing bytes at byte ${input.offset}: ${input.remaining} after the last delta`,
      input.offset,
    );
  }
  return batch;
}
