import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugArm } from '../test/arbitraries.ts';
import { ByteReader } from './byte-reader.ts';
import { isSlug, packSlug, SLUG_ALPHABET, SLUG_CODE_LENGTHS, unpackSlug } from './slug-code.ts';

describe('the slug code', () => {
  it('is a complete prefix code over the alphabet (Kraft sum exactly 1)', () => {
    expect(SLUG_CODE_LENGTHS).toHaveLength(SLUG_ALPHABET.length);
    expect(SLUG_CODE_LENGTHS.reduce((sum, length) => sum + 2 ** -length, 0)).toBe(1);
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
