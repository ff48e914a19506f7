// Internal: the static prefix code format version 2 packs ids written in the slug alphabet
// with (lowercase letters, digits and '-': `the-godfather-1972`, `tt0111161`, `sku-4411`).
// The code lengths come from English letter frequencies (e 12.7%, t 9.1%, ... z 0.07%), a
// word separator every five letters or so, and digits at 1.5% each: not from any catalog,
// so no app's ids are favoured. About 4.6 bits a character instead of 8.
import { type ByteReader, DecodeFailure } from './byte-reader.ts';

/** The slug alphabet, in symbol order. */
export const SLUG_ALPHABET = '-0123456789abcdefghijklmnopqrstuvwxyz';

/** Code length in bits of each symbol of {@link SLUG_ALPHABET} (a complete prefix code). */
export const SLUG_CODE_LENGTHS: readonly number[] = [
  3, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 4, 6, 6, 5, 3, 6, 6, 5, 4, 10, 8, 5, 6, 4, 4, 6, 10, 5, 4, 4, 6,
  7, 6, 10, 6, 10,
];

const MAX_BITS = 10;
const SYMBOL = new Map([...SLUG_ALPHABET].map((c, i) => [c, i]));

// Canonical codes: symbols sorted by (length, symbol), each code the previous plus one,
// shifted left when the length grows (as in DEFLATE, RFC 1951 §3.2.2).
const order = SLUG_CODE_LENGTHS.map((length, symbol) => ({ length, symbol })).sort(
  (a, b) => a.length - b.length || a.symbol - b.symbol,
);
const CODES: number[] = new Array(SLUG_ALPHABET.length).fill(0);
/** Per length: the first code, how many codes, and where its symbols start in `SORTED`. */
const FIRST: number[] = new Array(MAX_BITS + 1).fill(0);
const COUNT: number[] = new Array(MAX_BITS + 1).fill(0);
const START: number[] = new Array(MAX_BITS + 1).fill(0);
const SORTED = order.map((o) => o.symbol);
{
  let code = 0;
  let length = 0;
  order.forEach((o, i) => {
    code <<= o.length - length;
    if (o.length !== length) {
      FIRST[o.length] = code;
      START[o.length] = i;
    }
    length = o.length;
    CODES[o.symbol] = code;
    COUNT[o.length]! += 1;
    code += 1;
  });
}

/** Whether every character of `text` is in the slug alphabet (and there is at least one). */
export function isSlug(text: string): boolean {
  if (text.length === 0) return false;
  for (const c of text) if (!SYMBOL.has(c)) return false;
  return true;
}

/** `text` (a slug, see {@link isSlug}) as code bits, most significant first, zero-padded. */
export function packSlug(text: string): Uint8Array {
  let bits = 0;
  for (const c of text) bits += SLUG_CODE_LENGTHS[SYMBOL.get(c)!]!;
  const out = new Uint8Array(Math.ceil(bits / 8));
  let at = 0;
  for (const c of text) {
    const symbol = SYMBOL.get(c)!;
    const code = CODES[symbol]!;
    for (let b = SLUG_CODE_LENGTHS[symbol]! - 1; b >= 0; b--, at++) {
      if ((code >> b) & 1) out[at >> 3]! |= 0x80 >> (at & 7);
    }
  }
  return out;
}

/** Reads `count` characters packed by {@link packSlug}; the padding bits must be zero. */
export function unpackSlug(input: ByteReader, count: number, what: string, path: string): string {
  const start = input.offset;
  let byte = 0;
  let left = 0;
  let text = '';
  for (let i = 0; i < count; i++) {
    let code = 0;
    for (let length = 1; ; length++) {
      if (left === 0) {
        byte = input.byte(what, path, input.offset > start);
        left = 8;
      }
      left -= 1;
      code = (code << 1) | ((byte >> left) & 1);
      const index = code - FIRST[length]!;
      if (index >= 0 && index < COUNT[length]!) {
        text += SLUG_ALPHABET[SORTED[START[length]! + index]!];
        break;
      }
      // The code is complete, so a symbol ends within MAX_BITS bits.
    }
  }
  if ((byte & ((1 << left) - 1)) !== 0) {
    throw new DecodeFailure(
      `non-zero padding bits at byte ${input.offset - 1} (${what})`,
      input.offset - 1,
      path,
    );
  }
  return text;
}
