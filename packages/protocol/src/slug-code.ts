// Internal: the static prefix codes format version 2 packs ids written in the slug alphabet
// with (lowercase letters, digits and '-': `the-godfather-1972`, `tt0111161`, `sku-4411`).
// Two codes: one after a digit, where digits run on (years, numbers: 3-4 bits each), and one
// elsewhere, whose lengths come from English letter frequencies (e 12.7%, t 9.1%, ... z 0.07%),
// a word separator every five letters or so and digits at 1.5% each. Neither comes from any
// catalog, so no app's ids are favoured. The demo's film ids take 4.6 bits a character,
// the last byte's padding included, instead of 8.
import { type ByteReader, DecodeFailure } from './byte-reader.ts';

/** The slug alphabet, in symbol order. */
export const SLUG_ALPHABET = '-0123456789abcdefghijklmnopqrstuvwxyz';

/** Code length in bits of each symbol of {@link SLUG_ALPHABET}, except after a digit. */
export const SLUG_CODE_LENGTHS: readonly number[] = [
  3, 7, 7, 7, 7, 7, 7, 7, 7, 6, 6, 4, 6, 6, 5, 3, 6, 6, 5, 4, 10, 8, 5, 6, 4, 4, 6, 10, 5, 4, 4, 6,
  7, 6, 10, 6, 10,
];

/**
 * Code length of each symbol after a digit: digits 9% each, '-' 6%, the letters 4% in all in
 * English proportions.
 */
export const SLUG_AFTER_DIGIT_CODE_LENGTHS: readonly number[] = [
  4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 8, 10, 9, 9, 7, 9, 10, 8, 8, 13, 11, 9, 9, 8, 8, 10, 13, 8, 8, 7,
  9, 10, 9, 13, 10, 13,
];

const SYMBOL = new Map([...SLUG_ALPHABET].map((c, i) => [c, i]));

interface Code {
  readonly lengths: readonly number[];
  readonly codes: readonly number[];
  /** Per length: the first code, how many codes, where its symbols start in `sorted`. */
  readonly first: readonly number[];
  readonly count: readonly number[];
  readonly start: readonly number[];
  readonly sorted: readonly number[];
}

// Canonical codes: symbols sorted by (length, symbol), each code the previous plus one,
// shifted left when the length grows (as in DEFLATE, RFC 1951 §3.2.2).
function canonical(lengths: readonly number[]): Code {
  const order = lengths
    .map((length, symbol) => ({ length, symbol }))
    .sort((a, b) => a.length - b.length || a.symbol - b.symbol);
  const max = Math.max(...lengths);
  const codes: number[] = new Array(lengths.length).fill(0);
  const first: number[] = new Array(max + 1).fill(0);
  const count: number[] = new Array(max + 1).fill(0);
  const start: number[] = new Array(max + 1).fill(0);
  let code = 0;
  let length = 0;
  order.forEach((o, i) => {
    code <<= o.length - length;
    if (o.length !== length) {
      first[o.length] = code;
      start[o.length] = i;
    }
    length = o.length;
    codes[o.symbol] = code;
    count[o.length]! += 1;
    code += 1;
  });
  return { lengths, codes, first, count, start, sorted: order.map((o) => o.symbol) };
}

const ELSEWHERE = canonical(SLUG_CODE_LENGTHS);
const AFTER_DIGIT = canonical(SLUG_AFTER_DIGIT_CODE_LENGTHS);
const isDigit = (symbol: number) => symbol >= 1 && symbol <= 10;

/** Whether every character of `text` is in the slug alphabet (and there is at least one). */
export function isSlug(text: string): boolean {
  if (text.length === 0) return false;
  for (const c of text) if (!SYMBOL.has(c)) return false;
  return true;
}

/** `text` (a slug, see {@link isSlug}) as code bits, most significant first, zero-padded. */
export function packSlug(text: string): Uint8Array {
  const symbols = [...text].map((c) => SYMBOL.get(c)!);
  const codeAt = (i: number) => (i > 0 && isDigit(symbols[i - 1]!) ? AFTER_DIGIT : ELSEWHERE);
  const bits = symbols.reduce((sum, symbol, i) => sum + codeAt(i).lengths[symbol]!, 0);
  const out = new Uint8Array(Math.ceil(bits / 8));
  let at = 0;
  symbols.forEach((symbol, i) => {
    const code = codeAt(i);
    const value = code.codes[symbol]!;
    for (let b = code.lengths[symbol]! - 1; b >= 0; b--, at++) {
      if ((value >> b) & 1) out[at >> 3]! |= 0x80 >> (at & 7);
    }
  });
  return out;
}

/** Reads `count` characters packed by {@link packSlug}; the padding bits must be zero. */
export function unpackSlug(input: ByteReader, count: number, what: string, path: string): string {
  const start = input.offset;
  let byte = 0;
  let left = 0;
  let text = '';
  let previous = 0;
  for (let i = 0; i < count; i++) {
    const table = isDigit(previous) ? AFTER_DIGIT : ELSEWHERE;
    let value = 0;
    // Both codes are complete, so every bit string starts with a code.
    for (let length = 1; ; length++) {
      if (left === 0) {
        byte = input.byte(what, path, input.offset > start);
        left = 8;
      }
      left -= 1;
      value = (value << 1) | ((byte >> left) & 1);
      const index = value - (table.first[length] ?? 0);
      if (index >= 0 && index < (table.count[length] ?? 0)) {
        previous = table.sorted[table.start[length]! + index]!;
        text += SLUG_ALPHABET[previous];
        break;
      }
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
