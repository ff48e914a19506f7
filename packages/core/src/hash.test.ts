import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/hash.json' with { type: 'json' };
import { bucketOf, hash32, shardOf } from './hash.ts';

// FNV-1a 32 over Node's own UTF-8 encoding, as an independent reference.
function referenceHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

// Any UTF-16 string, lone surrogates included.
const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

describe('hash32', () => {
  it.each(vectors.hash)('hashes $hex for $note', (vector) => {
    const text = 'codeUnits' in vector ? String.fromCharCode(...vector.codeUnits) : vector.text;
    expect(hash32(text)).toBe(vector.hash);
  });

  it('equals FNV-1a over the UTF-8 bytes Node encodes, for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyCodeUnits, fc.string({ unit: 'grapheme' })), (text) => {
        expect(hash32(text)).toBe(referenceHash(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const hash = hash32(text);
        expect(Number.isInteger(hash) && hash >= 0 && hash <= 0xffffffff).toBe(true);
      }),
    );
  });
});

describe('shardOf', () => {
  it.each(vectors.shards)('puts $id on shard $shard of $shards', ({ id, shards, shard }) => {
    expect(shardOf(id, shards)).toBe(shard);
  });

  it('spreads client ids evenly over shards (chi-squared over 16 shards)', () => {
    const counts = new Array<number>(16).fill(0);
    const n = 160_000;
    for (let i = 0; i < n; i++) counts[shardOf(`client-${i}`, 16)]! += 1;
    const expected = n / 16;
    const chiSquared = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    // 15 degrees of freedom: the 0.999 quantile is 37.7.
    expect(chiSquared).toBeLessThan(37.7);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32])(
    'rejects %d shards with a RangeError naming shards',
    (shards) => {
      expect(() => shardOf('client-1', shards)).toThrow(RangeError);
      expect(() => shardOf('client-1', shards)).toThrow(/^shards must be a positive integer/);
    },
  );
});

describe('bucketOf', () => {
  it.each(vectors.buckets)('puts $id at $bucket under salt "$salt"', ({ salt, id, bucket }) => {
    expect(bucketOf(salt, id)).toBe(bucket);
  });

  it("equals hash32(salt + ':' + id) / 2^32, in [0, 1)", () => {
    fc.assert(
      fc.property(anyCodeUnits, anyCodeUnits, (salt, id) => {
        const bucket = bucketOf(salt, id);
        expect(bucket).toBe(hash32(`${salt}:${id}`) / 2 ** 32);
        expect(bucket >= 0 && bucket < 1).toBe(true);
      }),
    );
  });

  it('assigns about 10% of users below 0.1, independently of the salt', () => {
    const n = 100_000;
    let both = 0;
    let first = 0;
    for (let i = 0; i < n; i++) {
      const inFirst = bucketOf('exp-a', `user-${i}`) < 0.1;
      if (inFirst) first += 1;
      if (inFirst && bucketOf('exp-b', `user-${i}`) < 0.1) both += 1;
    }
    // Binomial standard errors: sqrt(n * 0.09) ≈ 95 and sqrt(n * 0.0099) ≈ 31.
    expect(Math.abs(first - n * 0.1)).toBeLessThan(5 * 95);
    expect(Math.abs(both - n * 0.01)).toBeLessThan(5 * 31);
  });
});
