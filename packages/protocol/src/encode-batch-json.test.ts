import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../test/arbitraries.ts';
import { decodeBatchJson } from './decode-batch-json.ts';
import type { Delta } from './delta-batch.ts';
import { encodeBatchJson } from './encode-batch-json.ts';

const like: Delta = { decision: 'home-feed', context: '', arm: 'movie-1234', s: 1, f: 0 };

describe('encodeBatchJson', () => {
  it('writes the contract fields in a fixed order', () => {
    expect(encodeBatchJson({ clientId: 'c_8f2a61d0', seq: 1, deltas: [{ ...like, n: 2 }] })).toBe(
      '{"clientId":"c_8f2a61d0","seq":1,"deltas":[{"decision":"home-feed","context":"","arm":"movie-1234","s":1,"f":0,"n":2}]}',
    );
  });

  it('rounds counts to thousandths and leaves out an absent n', () => {
    const json = encodeBatchJson({
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [{ ...like, s: 1 / 3, f: 2 / 3 }],
    });
    expect(JSON.parse(json).deltas[0]).toEqual({ ...like, s: 0.333, f: 0.667 });
  });

  it('drops fields outside the contract', () => {
    const internal = { ...like, updatedAt: 5 } as Delta;
    const json = encodeBatchJson({ clientId: 'c_8f2a61d0', seq: 1, deltas: [internal] });
    expect(json).not.toContain('updatedAt');
  });

  it('refuses a batch that breaks the contract with a RangeError naming the field', () => {
    expect(() =>
      encodeBatchJson({
        clientId: 'c_8f2a61d0',
        seq: 1,
        deltas: [{ ...like, s: Number.POSITIVE_INFINITY }],
      }),
    ).toThrow(
      new RangeError('cannot encode this delta batch: deltas.0.s: expected a finite number'),
    );
  });

  it('decodes to the same batch as the binary form', () => {
    fc.assert(
      fc.property(arb.batch(), (batch) => {
        expect(decodeBatchJson(encodeBatchJson(batch))).toEqual({
          ok: true,
          value: arb.onTheWire(batch),
        });
      }),
      { numRuns: 300 },
    );
  });
});
