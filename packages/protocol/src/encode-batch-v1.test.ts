import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/codec.json' with { type: 'json' };
import type { DeltaBatch } from './delta-batch.ts';
import { encodeBatchV1 as encodeBatch } from './encode-batch-v1.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const like = { decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 };
const batch = (deltas: DeltaBatch['deltas']): DeltaBatch => ({
  clientId: 'c_8f2a61d0',
  seq: 1,
  deltas,
});

describe('encodeBatchV1', () => {
  it.each(vectors.valid)('encodes $name to its golden bytes', ({ batch, hex: expected }) => {
    expect(hex(encodeBatch(batch as DeltaBatch))).toBe(expected);
  });

  it('writes each distinct string once, however many deltas use it', () => {
    const deltas = Array.from({ length: 10 }, (_, i) => ({ ...like, arm: `movie-${i}` }));
    const text = Buffer.from(encodeBatch(batch(deltas))).toString('latin1');
    expect(text.split('home-feed')).toHaveLength(2);
    expect(text.split('evening')).toHaveLength(2);
    expect(text.split('movie-3')).toHaveLength(2);
  });

  it('rounds counts to thousandths', () => {
    const exact = encodeBatch(batch([{ ...like, s: 0.333, f: 0.667 }]));
    expect(encodeBatch(batch([{ ...like, s: 1 / 3, f: 2 / 3 }]))).toEqual(exact);
  });

  it('starts with the magic and the format version', () => {
    expect([...encodeBatch(batch([like])).subarray(0, 3)]).toEqual([0x43, 0x42, 0x01]);
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
  ])('refuses a batch that breaks the contract at %s with a RangeError', (path, bad) => {
    expect(() => encodeBatch(bad)).toThrow(RangeError);
    expect(() => encodeBatch(bad)).toThrow(`: ${path}: `);
  });
});
