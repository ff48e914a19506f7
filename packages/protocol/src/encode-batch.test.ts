import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/codec-v2.json' with { type: 'json' };
import type { DeltaBatch } from './delta-batch.ts';
import { encodeBatch } from './encode-batch.ts';
import { encodeBatchV1 } from './encode-batch-v1.ts';
import { packSlug } from './slug-code.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const like = { decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 };
const batch = (deltas: DeltaBatch['deltas']): DeltaBatch => ({
  clientId: 'c_8f2a61d0',
  seq: 1,
  deltas,
});

describe('encodeBatch', () => {
  it.each(vectors.valid)('encodes $name to its golden bytes', ({ batch, hex: expected }) => {
    expect(hex(encodeBatch(batch as DeltaBatch))).toBe(expected);
  });

  it('writes each decision and context once, however many deltas and groups use them', () => {
    const deltas = Array.from({ length: 10 }, (_, i) => ({
      ...like,
      context: i % 2 === 0 ? 'evening' : 'morning',
      arm: `Movie ${i}`,
    }));
    const text = Buffer.from(encodeBatch(batch(deltas))).toString('latin1');
    expect(text.split('home-feed')).toHaveLength(2);
    expect(text.split('evening')).toHaveLength(2);
    expect(text.split('morning')).toHaveLength(2);
    expect(text.split('Movie 3')).toHaveLength(2);
  });

  it('packs slug arm ids in their prefix code, raw bytes otherwise', () => {
    const arm = 'the-shawshank-redemption-1994';
    const packed = encodeBatch(batch([{ ...like, arm }])).length;
    const plain = encodeBatch(batch([{ ...like, arm: arm.toUpperCase() }])).length;
    expect(plain - packed).toBe(arm.length - packSlug(arm).length);
    expect(packSlug(arm).length).toBeLessThanOrEqual(Math.ceil((arm.length * 4.5) / 8));
  });

  it('writes an impression (f 0.1, n 1) in one byte besides its arm', () => {
    const one = encodeBatch(batch([{ ...like, arm: 'A', s: 0, f: 0.1, n: 1 }]));
    const two = encodeBatch(
      batch([
        { ...like, arm: 'A', s: 0, f: 0.1, n: 1 },
        { ...like, arm: 'B', s: 0, f: 0.1, n: 1 },
      ]),
    );
    expect(two.length - one.length).toBe(2 + 1);
  });

  it('writes a context key of built-in features one byte a pair', () => {
    const context = 'timeOfDay=evening;dayType=weekday;sessionPosition=early';
    const builtIn = encodeBatch(batch([{ ...like, context }])).length;
    const other = encodeBatch(batch([{ ...like, context: 'x' }])).length;
    expect(builtIn - other).toBe(3 - 1);
  });

  it('is smaller than format version 1 for a batch of slug arms', () => {
    const deltas = Array.from({ length: 20 }, (_, i) => ({
      ...like,
      arm: `a-film-title-${1950 + i}`,
      s: 0,
      f: 0.1,
      n: 1,
    }));
    expect(encodeBatch(batch(deltas)).length).toBeLessThan(
      encodeBatchV1(batch(deltas)).length * 0.7,
    );
  });

  it('rounds counts to thousandths', () => {
    const exact = encodeBatch(batch([{ ...like, s: 0.333, f: 0.667 }]));
    expect(encodeBatch(batch([{ ...like, s: 1 / 3, f: 2 / 3 }]))).toEqual(exact);
  });

  it('starts with the magic and format version 2', () => {
    expect([...encodeBatch(batch([like])).subarray(0, 3)]).toEqual([0x43, 0x42, 0x02]);
  });

  it.each([
    ['deltas', batch([])],
    ['deltas.0.s', batch([{ ...like, s: Number.NaN }])],
    ['deltas.0.f', batch([{ ...like, f: -1 }])],
    ['deltas.0.n', batch([{ ...like, n: 0.5 }])],
    ['deltas.0.arm', batch([{ ...like, arm: 'x'.repeat(129) }])],
    ['deltas.0.arm', batch([{ ...like, arm: 'lone \ud800' }])],
    ['deltas.0', batch([{ ...like, s: 0.0001 }])],
    ['deltas.1', batch([like, like])],
    ['seq', { ...batch([like]), seq: 0 }],
    ['clientId', { ...batch([like]), clientId: 'short' }],
    ['clientId', { ...batch([like]), clientId: 'has space!' }],
  ])('refuses a batch that breaks the contract at %s with a RangeError', (path, bad) => {
    expect(() => encodeBatch(bad)).toThrow(RangeError);
    expect(() => encodeBatch(bad)).toThrow(`: ${path}: `);
  });
});
