// Internal: the body of a format version 2 or 3 batch, after the magic and the version byte.
import { type ByteReader, DecodeFailure } from './byte-reader.ts';
import { unpackClientId } from './client-id-pack.ts';
import { CONTEXT_PAIRS } from './context-pairs.ts';
import type { ArmRefDelta, Delta } from './delta-batch.ts';
import { MAX_DELTAS_PER_BATCH, MAX_NAME_LENGTH } from './limits.ts';
import { fromMilli } from './quantize.ts';
import { unpackSlug } from './slug-code.ts';

/** Longest client id the contract allows (CLIENT_ID); a longer length is refused unread. */
const MAX_CLIENT_ID = 64;

/** A batch as read, before validation; `refs` and `refCheck` only in version 3. */
export interface ReadBatch {
  clientId: string;
  seq: number;
  deltas: Delta[];
  refs?: ArmRefDelta[];
  refCheck?: number;
}

export function readBatchV2(input: ByteReader, withRefs = false): ReadBatch {
  const idAt = input.offset;
  const idLength = input.varint('clientId length', 'clientId');
  if (idLength > MAX_CLIENT_ID) {
    throw new DecodeFailure(
      `clientId length ${idLength} at byte ${idAt} is over ${MAX_CLIENT_ID}`,
      idAt,
      'clientId',
    );
  }
  const clientId = unpackClientId(input, idLength);
  const seq = input.varint('seq', 'seq');

  const groupsAt = input.offset;
  const groups = input.varint('group count', 'deltas');
  if (groups > MAX_DELTAS_PER_BATCH) {
    throw new DecodeFailure(
      `too many groups at byte ${groupsAt}: ${groups} (at most ${MAX_DELTAS_PER_BATCH})`,
      groupsAt,
      'deltas',
    );
  }
  const names: string[] = [];
  const seen = new Map<string, number>();
  const name = (what: string, path: string): string => {
    const at = input.offset;
    const index = input.varint(what, path);
    if (index < names.length) return names[index]!;
    if (index > names.length) {
      throw new DecodeFailure(
        `name index ${index} out of range at byte ${at} (${names.length} names, ${names.length} starts a new one)`,
        at,
        path,
      );
    }
    const value = readName(input, what, path);
    const first = seen.get(value);
    if (first !== undefined) {
      throw new DecodeFailure(`new name at byte ${at} repeats name ${first}`, at, path);
    }
    seen.set(value, index);
    names.push(value);
    return value;
  };

  const deltas: Delta[] = [];
  const refs: ArmRefDelta[] = [];
  const total = () => deltas.length + refs.length;
  /** The varint count of a group's deltas; `empty`: whether 0 is allowed. */
  const count = (g: number, what: string, empty: boolean) => {
    const at = input.offset;
    const n = input.varint(`group ${g} ${what}`, 'deltas');
    if ((n === 0 && !empty) || total() + n > MAX_DELTAS_PER_BATCH) {
      throw new DecodeFailure(
        n === 0
          ? `group ${g} at byte ${at} has no deltas`
          : `too many deltas at byte ${at}: ${total() + n} (at most ${MAX_DELTAS_PER_BATCH})`,
        at,
        'deltas',
      );
    }
    return n;
  };
  for (let g = 0; g < groups; g++) {
    const field = (name: string) => `deltas.${deltas.length}.${name}`;
    const decision = name(`group ${g} decision`, field('decision'));
    const context = name(`group ${g} context`, field('context'));
    const spelled = count(g, 'delta count', withRefs);
    for (let i = 0; i < spelled; i++) {
      const armAt = input.offset;
      const armHead = input.varint('arm length', field('arm'));
      const length = Math.floor(armHead / 2);
      // Arms are 1-128 UTF-16 code units, so at most 512 UTF-8 bytes: bound the work early.
      if (length > MAX_NAME_LENGTH * 4 || (armHead % 2 === 1 && length > MAX_NAME_LENGTH)) {
        throw new DecodeFailure(
          `arm length ${length} at byte ${armAt} is too long`,
          armAt,
          field('arm'),
        );
      }
      const arm =
        armHead % 2 === 1
          ? unpackSlug(input, length, 'arm', field('arm'))
          : input.utf8(length, 'arm', field('arm'));
      deltas.push({ decision, context, arm, ...readCounts(input, field) });
    }
    if (!withRefs) continue;
    const referenced = count(g, 'ref count', spelled > 0);
    for (let i = 0; i < referenced; i++) {
      const path = (name: string) => `refs.${refs.length}.${name}`;
      const ref = input.uint32('ref', path('ref'));
      refs.push({ decision, context, ref, ...readCounts(input, path) });
    }
  }
  if (!withRefs) return { clientId, seq, deltas };
  if (refs.length === 0) {
    throw new DecodeFailure(`format version 3 at byte 2 with no refs (write version 2)`, 2, 'refs');
  }
  return { clientId, seq, deltas, refs, refCheck: input.uint32('ref check', 'refCheck') };
}

/** A delta's count forms and counts (see the format). */
function readCounts(
  input: ByteReader,
  field: (name: string) => string,
): { s: number; f: number; n?: number } {
  const headAt = input.offset;
  const head = input.varint('count forms', field('s'));
  const sForm = head % 4;
  const fForm = Math.floor(head / 4) % 4;
  const nCode = Math.floor(head / 16);
  if (sForm === 3) {
    throw new DecodeFailure(
      `count form 3 for s at byte ${headAt} is not a form (0 zero, 1 tenths, 2 thousandths)`,
      headAt,
      field('s'),
    );
  }
  if (fForm === 3 && nCode < 2) {
    throw new DecodeFailure(
      `count form 3 for f at byte ${headAt} (n tenths) needs an n of at least 1`,
      headAt,
      field('f'),
    );
  }
  const count = (form: number, what: 's' | 'f'): number => {
    if (form === 0) return 0;
    const at = input.offset;
    const value = input.varint(what, field(what));
    if (value === 0) {
      throw new DecodeFailure(
        `${what} at byte ${at} is 0 in a non-zero form (write form 0)`,
        at,
        field(what),
      );
    }
    return fromMilli(form === 1 ? value * 100 : value);
  };
  const s = count(sForm, 's');
  const f = fForm === 3 ? fromMilli((nCode - 1) * 100) : count(fForm, 'f');
  return nCode === 0 ? { s, f } : { s, f, n: nCode - 1 };
}

/** A new name: UTF-8 bytes, or built-in context pairs joined by ';'. */
function readName(input: ByteReader, what: string, path: string): string {
  const head = input.varint(`${what} length`, path);
  const length = Math.floor(head / 2);
  if (head % 2 === 0) return input.utf8(length, what, path);
  if (length === 0 || length > input.remaining) {
    throw new DecodeFailure(
      length === 0
        ? `${what} at byte ${input.offset} has no context pairs`
        : `truncated at byte ${input.offset}: ${what} needs ${length} bytes, ${input.remaining} remain`,
      input.offset,
      path,
    );
  }
  const pairs: string[] = [];
  for (let i = 0; i < length; i++) {
    const at = input.offset;
    const index = input.byte(what, path, i > 0);
    const pair = CONTEXT_PAIRS[index];
    if (pair === undefined) {
      throw new DecodeFailure(
        `context pair ${index} at byte ${at} out of range (${CONTEXT_PAIRS.length} pairs)`,
        at,
        path,
      );
    }
    pairs.push(pair);
  }
  return pairs.join(';');
}
