import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugArm } from '../test/arbitraries.ts';
import { ByteReader } from './byte-reader.ts';
import {
  isSlug,
  packSlug,
  SLUG_AFTER_DIGIT_CODE_LENGTHS,
  SLUG_ALPHABET,
  SLUG_CODE_LENGTHS,
  unpackSlug,
} from './slug-code.ts';

describe('the slug code', () => {
  it.each([
    ['elsewhere', SLUG_CODE_LENGTHS],
    ['after a digit', SLUG_AFTER_DIGIT_CODE_LENGTHS],
  ])('is a complete prefix code %s (Kraft sum exactly 1)', (_, lengths) => {
    expect(lengths).toHaveLength(SLUG_ALPHABET.length);
    expect(lengths.reduce((sum, length) => sum + 2 ** -length, 0)).toBe(1);
  });

  it('codes digits after a digit in 3-4 bits', () => {
    // '-' 3 bits, '1' 7 bits after '-', then '9' '7' '2' in 3, 3 and 4 bits after digits.
    expect(packSlug('-1972')).toHaveLength(Math.ceil((3 + 7 + 3 + 3 + 4) / 8));
  });

  it('gives back every slug it packed, reading exactly its bytes', () => {
    fc.assert(
      fc.property(slugArm, fc.uint8Array({ maxLength: 3 }), (text, after) => {
        const packed = packSlug(text);
        const input = new ByteReader(new Uint8Array([...packed, ...after]));
        expect(unpackSlug(input, text.length, 'arm', 'arm')).toBe(text);
        expect(input.offset).toBe(packed.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('packs the common letters shortest', () => {
    expect(packSlug('e-t'.repeat(8))).toHaveLength(Math.ceil(((3 + 3 + 4) * 8) / 8));
    expect(packSlug('zzzz')).toHaveLength(5);
  });

  it('takes only non-empty strings of - 0-9 a-z', () => {
    expect(isSlug('the-godfather-1972')).toBe(true);
    expect(isSlug('tt0111161')).toBe(true);
    for (const text of ['', 'The-Godfather', 'a_b', 'a b', 'é', 'a/b']) {
      expect(isSlug(text), text).toBe(false);
    }
  });
});
