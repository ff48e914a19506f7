import { hash32 } from '@crowdbandit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { armRef, refCheck } from './arm-ref.ts';

const texts = [
  '',
  'a',
  'foobar',
  'the-dark-knight-2008',
  'Movie 42',
  'café',
  'é',
  '😀',
  'movie-😀-2020',
  '千と千尋の神隠し',
  '\ud800', // lone high surrogate
  '\udc00', // lone low surrogate
  'a\ud83db', // high surrogate not followed by a low one
  'x\ude00', // low surrogate without a high one before it
  '\ud83d\ude00\ud83d', // a pair, then a lone high surrogate at the end
];

describe('armRef', () => {
  it.each(texts)("equals core's hash32 for %j", (text) => {
    expect(armRef(text)).toBe(hash32(text));
  });

  it('hashes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(armRef('\ud800')).toBe(armRef('\ufffd'));
    expect(armRef('a\udc00b')).toBe(armRef('a\ufffdb'));
  });

  it('matches the FNV-1a 32 reference values', () => {
    expect(armRef('')).toBe(0x811c9dc5);
    expect(armRef('a')).toBe(0xe40c292c);
    expect(armRef('foobar')).toBe(0xbf9cf968);
  });

  it("equals core's hash32 for any string, and is an unsigned 32-bit integer", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })),
        (text) => {
          const ref = armRef(text);
          expect(ref).toBe(hash32(text));
          expect(Number.isInteger(ref) && ref >= 0 && ref <= 0xffffffff).toBe(true);
        },
      ),
    );
  });
});

describe('refCheck', () => {
  const keys = [
    { decision: 'home-feed', context: '', arm: 'the-dark-knight-2008' },
    { decision: 'home-feed', context: 'timeOfDay=evening', arm: 'café' },
    { decision: '千', context: '😀', arm: '\ud800' },
  ];

  it('is hash32 of the keys, each decision NUL context NUL arm, joined by NUL', () => {
    expect(refCheck(keys)).toBe(
      hash32(
        'home-feed\u0000\u0000the-dark-knight-2008' +
          '\u0000home-feed\u0000timeOfDay=evening\u0000café' +
          '\u0000千\u0000😀\u0000\ud800',
      ),
    );
  });

  it('of one key is hash32 of that key alone', () => {
    expect(refCheck([keys[0]!])).toBe(hash32('home-feed\u0000\u0000the-dark-knight-2008'));
  });

  it('of no keys is hash32 of the empty string', () => {
    expect(refCheck([])).toBe(hash32(''));
  });

  it('depends on the order of the keys', () => {
    expect(refCheck([keys[1]!, keys[0]!])).not.toBe(refCheck([keys[0]!, keys[1]!]));
  });

  it('ignores properties other than decision, context and arm', () => {
    const delta = { ...keys[0]!, s: 1, f: 0, n: 3 };
    expect(refCheck([delta])).toBe(refCheck([keys[0]!]));
  });
});
