import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectSameVerdict, type HandDecoder, type Row, titled } from '../test/agreement.ts';
import * as arb from '../test/arbitraries.ts';
import { mutated } from '../test/mutate.ts';
import { checkBatch } from './check-batch.ts';
import { type Delta, DeltaBatchSchema } from './delta-batch.ts';
import { installEnglishMessages } from './english-messages.ts';

beforeAll(installEnglishMessages);

const like: Delta = { decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 };
const batch = (deltas: unknown[], extra: object = {}) => ({
  clientId: 'c_8f2a61d0',
  seq: 1,
  deltas,
  ...extra,
});
const withDelta = (change: object) => batch([{ ...like, ...change }]);
const without = (key: keyof Delta) => {
  const { [key]: _, ...rest } = like;
  return batch([rest]);
};
const many = (count: number) =>
  batch(Array.from({ length: count }, (_, i) => ({ ...like, arm: `movie-${i}` })));

const checkBatchDecoder: HandDecoder = (value) => {
  const issue = checkBatch(value);
  return issue
    ? { ok: false, error: { message: issue.message, issues: [issue] } }
    : { ok: true, value };
};

const rows: Row[] = [
  { name: 'a single like', value: batch([like]), path: undefined },
  {
    name: 'fractional counts and impressions',
    value: withDelta({ s: 0.75, f: 0.25, n: 3 }),
    path: undefined,
  },
  { name: 'only impressions', value: withDelta({ s: 0, f: 0, n: 5 }), path: undefined },
  { name: 'no context', value: withDelta({ context: '' }), path: undefined },
  { name: 'the largest counts', value: withDelta({ s: 1e9, f: 1e9, n: 1e9 }), path: undefined },
  { name: '1000 deltas', value: many(1000), path: undefined },
  {
    name: 'the largest seq',
    value: batch([like], { seq: Number.MAX_SAFE_INTEGER }),
    path: undefined,
  },
  {
    name: '128-character names',
    value: withDelta({ arm: 'a'.repeat(128), decision: 'd'.repeat(128) }),
    path: undefined,
  },
  {
    name: 'a 256-character context',
    value: withDelta({ context: 'c'.repeat(256) }),
    path: undefined,
  },
  { name: 'astral characters', value: withDelta({ arm: 'film-😀' }), path: undefined },
  { name: 'a body that is not an object', value: [like], path: '' },
  { name: 'null', value: null, path: '' },
  { name: 'a missing clientId', value: { seq: 1, deltas: [like] }, path: 'clientId' },
  { name: 'a short clientId', value: batch([like], { clientId: 'c_8f2a6' }), path: 'clientId' },
  {
    name: 'a 65-character clientId',
    value: batch([like], { clientId: 'c'.repeat(65) }),
    path: 'clientId',
  },
  {
    name: 'a clientId with a dot',
    value: batch([like], { clientId: 'c.8f2a61d0' }),
    path: 'clientId',
  },
  { name: 'a numeric clientId', value: batch([like], { clientId: 12345678 }), path: 'clientId' },
  { name: 'seq 0', value: batch([like], { seq: 0 }), path: 'seq' },
  { name: 'a fractional seq', value: batch([like], { seq: 1.5 }), path: 'seq' },
  { name: 'seq 2^53', value: batch([like], { seq: 2 ** 53 }), path: 'seq' },
  { name: 'a string seq', value: batch([like], { seq: '1' }), path: 'seq' },
  { name: 'no deltas', value: batch([]), path: 'deltas' },
  { name: '1001 deltas', value: many(1001), path: 'deltas' },
  { name: 'deltas that are an object', value: batch([], { deltas: { 0: like } }), path: 'deltas' },
  { name: 'a delta that is a string', value: batch(['like']), path: 'deltas.0' },
  { name: 's NaN', value: withDelta({ s: Number.NaN }), path: 'deltas.0.s' },
  { name: 's Infinity', value: withDelta({ s: Number.POSITIVE_INFINITY }), path: 'deltas.0.s' },
  { name: 'f -Infinity', value: withDelta({ f: Number.NEGATIVE_INFINITY }), path: 'deltas.0.f' },
  { name: 'a negative s', value: withDelta({ s: -1 }), path: 'deltas.0.s' },
  { name: 'a negative f', value: withDelta({ f: -0.001 }), path: 'deltas.0.f' },
  { name: 's over 1e9', value: withDelta({ s: 1e9 + 1 }), path: 'deltas.0.s' },
  { name: 'a string s', value: withDelta({ s: '1' }), path: 'deltas.0.s' },
  { name: 'a null f', value: withDelta({ f: null }), path: 'deltas.0.f' },
  { name: 'a fractional n', value: withDelta({ n: 1.5 }), path: 'deltas.0.n' },
  { name: 'a negative n', value: withDelta({ n: -1 }), path: 'deltas.0.n' },
  { name: 'n over 1e9', value: withDelta({ n: 1e9 + 1 }), path: 'deltas.0.n' },
  { name: 'a missing decision', value: without('decision'), path: 'deltas.0.decision' },
  { name: 'a missing context', value: without('context'), path: 'deltas.0.context' },
  { name: 'a missing arm', value: without('arm'), path: 'deltas.0.arm' },
  { name: 'a missing s', value: without('s'), path: 'deltas.0.s' },
  { name: 'a missing f', value: without('f'), path: 'deltas.0.f' },
  { name: 'an empty decision', value: withDelta({ decision: '' }), path: 'deltas.0.decision' },
  { name: 'a 129-character arm', value: withDelta({ arm: 'a'.repeat(129) }), path: 'deltas.0.arm' },
  {
    name: 'a 257-character context',
    value: withDelta({ context: 'c'.repeat(257) }),
    path: 'deltas.0.context',
  },
  { name: 'a numeric arm', value: withDelta({ arm: 1234 }), path: 'deltas.0.arm' },
  { name: 'a newline in an arm', value: withDelta({ arm: 'movie\n1234' }), path: 'deltas.0.arm' },
  {
    name: 'a C1 control in a context',
    value: withDelta({ context: 'a\u0085b' }),
    path: 'deltas.0.context',
  },
  {
    name: 'a lone surrogate in a decision',
    value: withDelta({ decision: 'home\ud800' }),
    path: 'deltas.0.decision',
  },
  { name: 'an empty delta', value: withDelta({ s: 0, f: 0 }), path: 'deltas.0' },
  { name: 'an empty delta with n 0', value: withDelta({ s: 0, f: 0, n: 0 }), path: 'deltas.0' },
  {
    name: 'a delta that quantizes to empty',
    value: withDelta({ s: 0.0004, f: 0 }),
    path: 'deltas.0',
  },
  { name: 'a duplicate arm key', value: batch([like, { ...like, s: 0, f: 1 }]), path: 'deltas.1' },
  {
    name: 'a later duplicate',
    value: batch([like, { ...like, arm: 'm2' }, { ...like, arm: 'm2' }]),
    path: 'deltas.2',
  },
];

describe('DeltaBatchSchema and checkBatch', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(DeltaBatchSchema, checkBatchDecoder, value)).toBe(path);
  });

  it('accept every generated batch', () => {
    fc.assert(
      fc.property(arb.batch(), (value) => {
        expect(checkBatch(value)).toBeUndefined();
        expect(DeltaBatchSchema.safeParse(value).success).toBe(true);
      }),
    );
  });

  // checkBatch ignores unknown fields (the encoders never send them), so no renamed keys here.
  it('agree on batches with one random fault', () => {
    fc.assert(
      fc.property(mutated(arb.batch(5), { renames: false }), (value) => {
        expectSameVerdict(DeltaBatchSchema, checkBatchDecoder, value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('DeltaBatchSchema', () => {
  it('rejects a field outside the contract', () => {
    const result = DeltaBatchSchema.safeParse(batch([{ ...like, succ: 1 }]));
    expect(result.error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      path: ['deltas', 0],
    });
  });

  it('names the earlier delta in a duplicate', () => {
    const result = DeltaBatchSchema.safeParse(batch([like, like]));
    expect(result.error?.issues[0]?.message).toBe(
      'duplicate delta: same decision, context and arm as deltas.0',
    );
  });
});
