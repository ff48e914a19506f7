import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import * as arb from '../test/arbitraries.ts';
import { mutated } from '../test/mutate.ts';
import { AckSchema } from './ack.ts';
import { decodeAck } from './decode-ack.ts';

const ack = { status: 'accepted', seq: 7, shard: 3, shardVersion: 1042 };

const rows: Row[] = [
  { name: 'an accepted batch', value: ack, path: undefined },
  { name: 'a duplicate', value: { ...ack, status: 'duplicate' }, path: undefined },
  {
    name: 'the clamped list of an older edge, ignored',
    value: { ...ack, clamped: [{ arm: 'm', s: 40 }] },
    path: undefined,
  },
  { name: 'an unknown field', value: { ...ack, region: 'weur' }, path: undefined },
  { name: 'shard version 0', value: { ...ack, shardVersion: 0 }, path: undefined },
  { name: 'an unknown status', value: { ...ack, status: 'queued' }, path: 'status' },
  { name: 'seq 0', value: { ...ack, seq: 0 }, path: 'seq' },
  {
    name: 'a missing shard',
    value: { status: 'accepted', seq: 7, shardVersion: 1 },
    path: 'shard',
  },
  { name: 'a negative shard', value: { ...ack, shard: -1 }, path: 'shard' },
  {
    name: 'a fractional shard version',
    value: { ...ack, shardVersion: 1.5 },
    path: 'shardVersion',
  },
  { name: 'a string shard version', value: { ...ack, shardVersion: '1042' }, path: 'shardVersion' },
  { name: 'an array', value: [ack], path: '' },
  { name: 'null', value: null, path: '' },
];

describe('decodeAck and AckSchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(AckSchema, decodeAck, value)).toBe(path);
  });

  it('accept every generated ack', () => {
    fc.assert(
      fc.property(arb.ack, (value) => {
        expect(decodeAck(value).ok).toBe(true);
      }),
    );
  });

  it('agree on acks with one random fault', () => {
    fc.assert(
      fc.property(mutated(arb.ack), (value) => {
        expectSameVerdict(AckSchema, decodeAck, value);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decodeAck', () => {
  it('returns the ack it was given', () => {
    expect(decodeAck(ack)).toEqual({ ok: true, value: ack });
  });

  it('says which field is wrong', () => {
    expect(decodeAck({ ...ack, seq: -1 })).toEqual({
      ok: false,
      error: {
        message: 'seq: expected a number >= 1',
        issues: [{ path: 'seq', message: 'expected a number >= 1' }],
      },
    });
  });
});
