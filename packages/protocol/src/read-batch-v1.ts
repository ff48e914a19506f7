// Internal: the body of a format version 1 batch, after the magic and the version byte.
import { type ByteReader, DecodeFailure } from './byte-reader.ts';
import type { Delta } from './delta-batch.ts';
import { MAX_DELTAS_PER_BATCH } from './limits.ts';
import { fromMilli } from './quantize.ts';

export function readBatchV1(input: ByteReader): { clientId: string; seq: number; deltas: Delta[] } {
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
