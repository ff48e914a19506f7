import { BINARY_FORMAT_VERSION, BINARY_MAGIC } from './batch-binary-format.ts';
import { ByteReader, DecodeFailure } from './byte-reader.ts';
import { decodeWith } from './decode-with.ts';
import type { Decoded } from './decoded.ts';
import { type Delta, type DeltaBatch, DeltaBatchSchema } from './delta-batch.ts';
import { MAX_DELTAS_PER_BATCH } from './limits.ts';
import { fromMilli } from './quantize.ts';

/**
 * Decodes a binary delta batch ({@link encodeBatch}) and validates it against
 * {@link DeltaBatchSchema}. Total: any byte string gives either a valid batch or an error
 * saying what is wrong and at which byte (truncated, bad magic, unknown version, overlong
 * varint, index out of range, invalid UTF-8, trailing bytes, ...); it never throws.
 *
 * @example
 * const result = decodeBatch(new Uint8Array(await request.arrayBuffer()));
 * if (!result.ok) return c.json(errorBody('invalid_body', result.error.message, result.error), 400);
 * apply(result.value);
 */
export function decodeBatch(bytes: Uint8Array): Decoded<DeltaBatch> {
  let raw: unknown;
  try {
    raw = readBatch(new ByteReader(bytes));
  } catch (error) {
    if (!(error instanceof DecodeFailure)) throw error;
    const issue = { path: error.path, message: error.message };
    return { ok: false, error: { message: error.message, issues: [issue], offset: error.offset } };
  }
  return decodeWith(DeltaBatchSchema, raw);
}

function readBatch(input: ByteReader): { clientId: string; seq: number; deltas: Delta[] } {
  for (const expected of BINARY_MAGIC) {
    const at = input.offset;
    if (input.byte('magic') !== expected) {
      throw new DecodeFailure(`bad magic at byte ${at}: expected 43 42 ("CB")`, at);
    }
  }
  const versionAt = input.offset;
  const version = input.byte('format version');
  if (version !== BINARY_FORMAT_VERSION) {
    throw new DecodeFailure(
      `unknown format version ${version} at byte ${versionAt} (this decoder reads ${BINARY_FORMAT_VERSION})`,
      versionAt,
    );
  }
  const clientId = input.string('clientId', 'clientId');
  const seq = input.varint('seq', 'seq');
  const dictionary = readDictionary(input);

  const countAt = input.offset;
  const count = input.varint('delta count', 'deltas');
  if (count > MAX_DELTAS_PER_BATCH) {
    throw new DecodeFailure(
      `too many deltas at byte ${countAt}: ${count} (at most ${MAX_DELTAS_PER_BATCH})`,
      countAt,
      'deltas',
    );
  }
  const deltas: Delta[] = [];
  for (let i = 0; i < count; i++) {
    const field = (name: string) => `deltas.${i}.${name}`;
    const varint = (name: string) => input.varint(field(name), field(name));
    const entry = (name: string, read: () => number): string => {
      const at = input.offset;
      const index = read();
      const found = dictionary[index];
      if (found === undefined) {
        throw new DecodeFailure(
          `dictionary index ${index} out of range at byte ${at} (${dictionary.length} entries)`,
          at,
          field(name),
        );
      }
      return found;
    };
    let hasN = false;
    const decision = entry('decision', () => {
      const head = varint('decision');
      hasN = head % 2 === 1;
      return Math.floor(head / 2);
    });
    const context = entry('context', () => varint('context'));
    const arm = entry('arm', () => varint('arm'));
    const delta: Delta = {
      decision,
      context,
      arm,
      s: fromMilli(varint('s')),
      f: fromMilli(varint('f')),
    };
    deltas.push(hasN ? { ...delta, n: varint('n') } : delta);
  }
  if (input.remaining > 0) {
    throw new DecodeFailure(
      `trailing bytes at byte ${input.offset}: ${input.remaining} after the last delta`,
      input.offset,
    );
  }
  return { clientId, seq, deltas };
}

function readDictionary(input: ByteReader): string[] {
  const size = input.varint('dictionary size');
  const at = input.offset;
  // Every entry takes at least one byte: refusing early keeps a forged size from allocating.
  if (size > input.remaining) {
    throw new DecodeFailure(
      `truncated at byte ${at}: a dictionary of ${size} entries needs at least ${size} bytes, ${input.remaining} remain`,
      at,
    );
  }
  const dictionary: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < size; i++) {
    const entryAt = input.offset;
    const value = input.string(`dictionary entry ${i}`);
    const first = seen.get(value);
    if (first !== undefined) {
      throw new DecodeFailure(
        `dictionary entry ${i} at byte ${entryAt} repeats entry ${first}`,
        entryAt,
      );
    }
    seen.set(value, i);
    dictionary.push(value);
  }
  return dictionary;
}
