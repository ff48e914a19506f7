import { hash32 } from '@crowdbandit/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as arb from '../test/arbitraries.ts';
import vectorsV2 from '../test-vectors/codec-v2.json' with { type: 'json' };
import { armRef, type KnownArms, refCheck } from './arm-ref.ts';
import { BINARY_FORMAT_VERSION, REF_FORMAT_VERSION } from './batch-binary-format.ts';
import { decodeBatch } from './decode-batch.ts';
import { decodeWith } from './decode-with.ts';
import {
  type ArmRefDelta,
  type Delta,
  type DeltaBatch,
  type ReceivedBatch,
  ReceivedBatchSchema,
} from './delta-batch.ts';
import { deltaKey } from './delta-key.ts';
import { EMPTY_DELTA_MESSAGE } from './empty-delta.ts';
import { encodeBatch } from './encode-batch.ts';
import { installEnglishMessages } from './english-messages.ts';
import { quantize } from './quantize.ts';
import { packSlug } from './slug-code.ts';

beforeAll(installEnglishMessages);

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
/** Four bytes, big-endian, as the format writes refs and the check. */
const be32 = (value: number) => Buffer.from([value >>> 24, value >>> 16, value >>> 8, value]);
const concat = (...parts: ArrayLike<number>[]) =>
  new Uint8Array(parts.flatMap((part) => Array.from(part)));

const batch = (deltas: DeltaBatch['deltas'], seq = 1): DeltaBatch => ({
  clientId: 'c_8f2a61d0',
  seq,
  deltas,
});
const like: Delta = {
  decision: 'home-feed',
  context: '',
  arm: 'the-dark-knight-2008',
  s: 1,
  f: 0,
};
const all: KnownArms = () => true;
const none: KnownArms = () => false;
/** Knows exactly the given arm ids, under any decision and context. */
const knowing =
  (...arms: string[]): KnownArms =>
  (_decision, _context, arm) =>
    arms.includes(arm);

/**
 * What decodeBatch should give back for encodeBatch(b, known), worked out independently of
 * the encoder: groups by decision and context in order of first appearance; within a group,
 * the spelled-out deltas then the refs, each in input order; counts in thousandths; the
 * check over the referenced arm keys in that same (wire) order.
 */
function expected(b: DeltaBatch, known: KnownArms): ReceivedBatch {
  const groups = new Map<string, { spelled: Delta[]; byRef: Delta[] }>();
  for (const d of b.deltas) {
    const key = `${d.decision}\u0000${d.context}`;
    const group = groups.get(key) ?? { spelled: [], byRef: [] };
    groups.set(key, group);
    const byRef = !d.decision.startsWith('$exp/') && known(d.decision, d.context, d.arm);
    (byRef ? group.byRef : group.spelled).push(d);
  }
  const counts = (d: Delta) => {
    const s = quantize(d.s) || 0;
    const f = quantize(d.f) || 0;
    return d.n === undefined ? { s, f } : { s, f, n: d.n };
  };
  const deltas: Delta[] = [];
  const refs: ArmRefDelta[] = [];
  const referenced: Delta[] = [];
  for (const { spelled, byRef } of groups.values()) {
    for (const d of spelled) {
      deltas.push({ decision: d.decision, context: d.context, arm: d.arm, ...counts(d) });
    }
    for (const d of byRef) {
      refs.push({ decision: d.decision, context: d.context, ref: armRef(d.arm), ...counts(d) });
      referenced.push(d);
    }
  }
  const base = { clientId: b.clientId, seq: b.seq, deltas };
  return refs.length === 0 ? base : { ...base, refs, refCheck: refCheck(referenced) };
}

describe('encodeBatch without known arms', () => {
  it('writes format version 2 when no `known` is given', () => {
    expect(encodeBatch(batch([like]))[2]).toBe(BINARY_FORMAT_VERSION);
    expect(BINARY_FORMAT_VERSION).toBe(2);
  });

  it.each(vectorsV2.valid)(
    'writes the golden version 2 bytes of $name when `known` is false for every arm',
    ({ batch, hex: golden }) => {
      expect(hex(encodeBatch(batch as DeltaBatch, none))).toBe(golden);
    },
  );

  it('is byte-identical with and without a `known` that is false for every arm', () => {
    fc.assert(
      fc.property(arb.batch(), (b) => {
        const plain = encodeBatch(b);
        expect(plain[2]).toBe(2);
        expect(encodeBatch(b, none)).toEqual(plain);
      }),
    );
  });

  it('writes version 2 when `known` is true only for $exp/ deltas', () => {
    const b = batch([
      like,
      { decision: '$exp/hero-banner', context: '1', arm: '0', s: 1, f: 0 },
      { decision: '$exp/hero-banner', context: '1', arm: '1', s: 0, f: 1 },
    ]);
    const expOnly: KnownArms = (decision) => decision.startsWith('$exp/');
    expect(encodeBatch(b, expOnly)).toEqual(encodeBatch(b));
    expect(encodeBatch(b, all)).not.toEqual(encodeBatch(b));
  });

  it('asks `known` with the decision, context and arm of each non-$exp/ delta', () => {
    const asked: string[] = [];
    const b = batch([
      like,
      { ...like, context: 'timeOfDay=evening', arm: 'x' },
      { decision: '$exp/a', context: '0', arm: '1', s: 1, f: 0 },
    ]);
    encodeBatch(b, (decision, context, arm) => {
      asked.push(deltaKey({ decision, context, arm }));
      return false;
    });
    expect(asked).toEqual([
      deltaKey(like),
      deltaKey({ ...like, context: 'timeOfDay=evening', arm: 'x' }),
    ]);
  });
});

describe('encodeBatch with known arms (format version 3)', () => {
  it('lays out a batch of one referenced like as the format says', () => {
    const bytes = encodeBatch(batch([like]), all);
    expect(hex(bytes)).toBe(
      [
        '434203', // magic, version 3
        '0a73ff1fd9aeb57740', // clientId c_8f2a61d0, packed
        '01', // seq
        '01', // one group
        '0012', // new name 0: 'home-feed', 9 bytes of UTF-8
        Buffer.from('home-feed').toString('hex'),
        '0100', // new name 1: '', 0 bytes
        '00', // K: no delta spelled out
        '01', // R: one ref
        be32(armRef('the-dark-knight-2008')).toString('hex'),
        '010a', // head: s in tenths, f 0; s = 10 tenths
        be32(hash32('home-feed\u0000\u0000the-dark-knight-2008')).toString('hex'),
      ].join(''),
    );
    expect(bytes[2]).toBe(REF_FORMAT_VERSION);
    expect(REF_FORMAT_VERSION).toBe(3);
  });

  it('writes version 3 as soon as one arm is known', () => {
    const b = batch([like, { ...like, arm: 'heat-1995' }]);
    expect(encodeBatch(b, knowing('heat-1995'))[2]).toBe(3);
    expect(encodeBatch(b, knowing('not-in-the-batch'))[2]).toBe(2);
  });

  it('gives back spelled-out deltas, refs grouped with their counts, and the check', () => {
    const b = batch(
      [
        // home-feed / '': spelled out and by ref, mixed
        { decision: 'home-feed', context: '', arm: 'alien-1979', s: 1, f: 0 },
        { decision: 'home-feed', context: '', arm: 'heat-1995', s: 0, f: 0.1, n: 1 },
        { decision: 'home-feed', context: '', arm: 'Amélie', s: 0.3333, f: 1.25 },
        { decision: 'home-feed', context: '', arm: 'se7en-1995', s: 1, f: 0 },
        { decision: 'home-feed', context: '', arm: 'up-2009', s: 0, f: 0.5, n: 5 },
        // home-feed / evening: only refs
        {
          decision: 'home-feed',
          context: 'timeOfDay=evening',
          arm: 'heat-1995',
          s: 1,
          f: 0.2,
          n: 1,
        },
        {
          decision: 'home-feed',
          context: 'timeOfDay=evening',
          arm: '千と千尋',
          s: 2.0004,
          f: 123.4567,
          n: 2,
        },
        { decision: 'home-feed', context: 'timeOfDay=evening', arm: 'jaws-😀', s: 0.001, f: 0 },
        // search / '': only spelled out
        { decision: 'search', context: '', arm: 'brazil-1985', s: 1, f: 0 },
        { decision: 'search', context: '', arm: 'ran-1985', s: 0, f: 0.1, n: 1 },
        // an experiment: never by ref, whatever known says
        { decision: '$exp/hero-banner', context: '1', arm: '0', s: 1, f: 0 },
        { decision: '$exp/hero-banner', context: '1', arm: '1', s: 0, f: 0, n: 1 },
      ],
      42,
    );
    const known = knowing('heat-1995', 'se7en-1995', 'up-2009', '千と千尋', 'jaws-😀', '0', '1');
    const bytes = encodeBatch(b, known);
    expect(bytes[2]).toBe(3);
    const result = decodeBatch(bytes);
    expect(result).toEqual({
      ok: true,
      value: {
        clientId: 'c_8f2a61d0',
        seq: 42,
        deltas: [
          { decision: 'home-feed', context: '', arm: 'alien-1979', s: 1, f: 0 },
          { decision: 'home-feed', context: '', arm: 'Amélie', s: 0.333, f: 1.25 },
          { decision: 'search', context: '', arm: 'brazil-1985', s: 1, f: 0 },
          { decision: 'search', context: '', arm: 'ran-1985', s: 0, f: 0.1, n: 1 },
          { decision: '$exp/hero-banner', context: '1', arm: '0', s: 1, f: 0 },
          { decision: '$exp/hero-banner', context: '1', arm: '1', s: 0, f: 0, n: 1 },
        ],
        refs: [
          { decision: 'home-feed', context: '', ref: armRef('heat-1995'), s: 0, f: 0.1, n: 1 },
          { decision: 'home-feed', context: '', ref: armRef('se7en-1995'), s: 1, f: 0 },
          { decision: 'home-feed', context: '', ref: armRef('up-2009'), s: 0, f: 0.5, n: 5 },
          {
            decision: 'home-feed',
            context: 'timeOfDay=evening',
            ref: armRef('heat-1995'),
            s: 1,
            f: 0.2,
            n: 1,
          },
          {
            decision: 'home-feed',
            context: 'timeOfDay=evening',
            ref: armRef('千と千尋'),
            s: 2,
            f: 123.457,
            n: 2,
          },
          {
            decision: 'home-feed',
            context: 'timeOfDay=evening',
            ref: armRef('jaws-😀'),
            s: 0.001,
            f: 0,
          },
        ],
        refCheck: refCheck([
          { decision: 'home-feed', context: '', arm: 'heat-1995' },
          { decision: 'home-feed', context: '', arm: 'se7en-1995' },
          { decision: 'home-feed', context: '', arm: 'up-2009' },
          { decision: 'home-feed', context: 'timeOfDay=evening', arm: 'heat-1995' },
          { decision: 'home-feed', context: 'timeOfDay=evening', arm: '千と千尋' },
          { decision: 'home-feed', context: 'timeOfDay=evening', arm: 'jaws-😀' },
        ]),
      },
    });
    expect(result).toEqual({ ok: true, value: expected(b, known) });
  });

  it('sends every arm by ref when all are known, leaving `deltas` empty', () => {
    const b = batch([like, { ...like, arm: 'heat-1995', s: 0, f: 0.1, n: 1 }]);
    const result = decodeBatch(encodeBatch(b, all));
    expect(result).toEqual({ ok: true, value: expected(b, all) });
    expect(result.ok && result.value.deltas).toEqual([]);
  });

  it('sends a referenced n-form impression in 5 bytes: the ref and one head byte', () => {
    const impression = { ...like, s: 0, f: 0.1, n: 1 };
    const one = encodeBatch(batch([impression]), all);
    const two = encodeBatch(batch([impression, { ...impression, arm: 'heat-1995' }]), all);
    expect(two.length - one.length).toBe(4 + 1);
  });

  it('orders refs and the check by group, even when the input interleaves groups', () => {
    const evening = { ...like, context: 'timeOfDay=evening' };
    const b = batch([
      { ...like, arm: 'a-1' },
      { ...evening, arm: 'b-1' },
      { ...like, arm: 'a-2' },
      { ...evening, arm: 'b-2' },
      { ...like, arm: 'a-3', s: 0, f: 0.1, n: 1 },
    ]);
    const result = decodeBatch(encodeBatch(b, all));
    expect(result.ok && result.value.refs?.map((r) => r.ref)).toEqual(
      ['a-1', 'a-2', 'a-3', 'b-1', 'b-2'].map(armRef),
    );
    // The edge recomputes the check from the refs it resolved, in the order they arrive.
    expect(result.ok && result.value.refCheck).toBe(
      refCheck([
        { ...like, arm: 'a-1' },
        { ...like, arm: 'a-2' },
        { ...like, arm: 'a-3' },
        { ...evening, arm: 'b-1' },
        { ...evening, arm: 'b-2' },
      ]),
    );
  });

  it('gives back any batch with any known arms, split and grouped as the format says', () => {
    // Few decisions and contexts, so that groups interleave in the input.
    const crowded = fc.record({
      clientId: arb.clientId,
      seq: arb.seq,
      deltas: fc.uniqueArray(
        fc
          .tuple(
            arb.delta,
            fc.constantFrom('home-feed', 'search', '$exp/x'),
            fc.constantFrom('', 'timeOfDay=evening', 'x'),
          )
          .map(([d, decision, context]) => ({ ...d, decision, context })),
        { minLength: 1, maxLength: 30, selector: deltaKey },
      ),
    });
    const withKnown = fc
      .oneof(arb.batch(), crowded)
      .chain((b) =>
        fc.tuple(
          fc.constant(b),
          fc.array(fc.boolean(), { minLength: b.deltas.length, maxLength: b.deltas.length }),
        ),
      );
    fc.assert(
      fc.property(withKnown, ([b, flags]) => {
        const knownKeys = new Set(b.deltas.filter((_, i) => flags[i]).map(deltaKey));
        const known: KnownArms = (decision, context, arm) =>
          knownKeys.has(deltaKey({ decision, context, arm }));
        const want = expected(b, known);
        const bytes = encodeBatch(b, known);
        expect(bytes[2]).toBe(want.refs === undefined ? 2 : 3);
        expect(decodeBatch(bytes)).toEqual({ ok: true, value: want });
      }),
    );
  });
});

describe('format version 3 size', () => {
  // 30 deltas of 20-character slug arm ids, as a visit of the demo sends.
  const arms = Array.from(
    { length: 30 },
    (_, i) => `movie-number-${String(i).padStart(2, '0')}-2008`,
  );
  const deltas: Delta[] = arms.map((arm, i) =>
    i % 3 === 0 ? { ...like, arm } : { ...like, arm, s: 0, f: 0.1, n: 1 },
  );

  it('is at least 25% smaller than version 2 when the edge knows every arm', () => {
    expect(arms.every((arm) => arm.length === 20)).toBe(true);
    const v2 = encodeBatch(batch(deltas)).length;
    const v3 = encodeBatch(batch(deltas), all).length;
    expect(v3).toBeLessThanOrEqual(v2 * 0.75);
  });

  it('trades each packed arm id for a 4-byte ref, plus a ref count and the check', () => {
    const v2 = encodeBatch(batch(deltas)).length;
    const v3 = encodeBatch(batch(deltas), all).length;
    const armBytes = arms.reduce((sum, arm) => sum + 1 + packSlug(arm).length, 0);
    expect(v3).toBe(v2 - armBytes + 4 * arms.length + 1 + 4);
  });
});

describe('decodeBatch of format version 3', () => {
  // A batch of one referenced like; its tail, from the layout test above:
  // ... K (00) | R (01) | ref (4 bytes) | head, s (01 0a) | check (4 bytes)
  const good = encodeBatch(batch([like]), all);
  const end = good.length;
  const rAt = end - 11;
  const refAt = end - 10;
  const checkAt = end - 4;

  const rejects = (bytes: Uint8Array) => {
    let result: ReturnType<typeof decodeBatch> | undefined;
    expect(() => {
      result = decodeBatch(bytes);
    }).not.toThrow();
    expect(result?.ok).toBe(false);
    if (result === undefined || result.ok) throw new Error('decoded');
    return result.error;
  };

  it('has the layout the cases below rely on', () => {
    expect([good[rAt - 1], good[rAt]]).toEqual([0, 1]);
    expect(Buffer.from(good.subarray(refAt, refAt + 4))).toEqual(be32(armRef(like.arm)));
    expect(Buffer.from(good.subarray(checkAt))).toEqual(be32(refCheck([like])));
    expect(decodeBatch(good).ok).toBe(true);
  });

  it.each([
    [refAt, 'ref is missing'],
    [refAt + 2, 'ref is cut short'],
    [refAt + 3, 'ref is cut short'],
  ])('refuses a batch cut short at byte %i, inside a ref', (at, what) => {
    const error = rejects(good.subarray(0, at));
    expect(error.message).toBe(`truncated at byte ${at}: ${what}`);
    expect(error.issues[0]?.path).toBe('refs.0.ref');
    expect(error.offset).toBe(at);
  });

  it("refuses a batch cut short in a ref's counts", () => {
    const error = rejects(good.subarray(0, checkAt - 1));
    expect(error.message).toBe(`truncated at byte ${checkAt - 1}: s is missing`);
    expect(error.issues[0]?.path).toBe('refs.0.s');
  });

  it.each([
    [checkAt, 'ref check is missing'],
    [checkAt + 1, 'ref check is cut short'],
    [checkAt + 3, 'ref check is cut short'],
  ])('refuses a batch cut short at byte %i, inside the check', (at, what) => {
    const error = rejects(good.subarray(0, at));
    expect(error.message).toBe(`truncated at byte ${at}: ${what}`);
    expect(error.issues[0]?.path).toBe('refCheck');
    expect(error.offset).toBe(at);
  });

  it('refuses version 3 with groups but no refs', () => {
    // A version 2 batch of one spelled-out delta, relabelled 3, with R = 0 and no check.
    const v2 = encodeBatch(batch([like]));
    const bytes = concat(v2, [0]);
    bytes[2] = 3;
    const error = rejects(bytes);
    expect(error.message).toBe('format version 3 at byte 2 with no refs (write version 2)');
    expect(error.issues[0]?.path).toBe('refs');
    expect(error.offset).toBe(2);
  });

  it('refuses version 3 with no groups at all', () => {
    // magic, version 3, clientId, seq 1, G = 0
    const error = rejects(fromHex('4342030a73ff1fd9aeb577400100'));
    expect(error.message).toBe('format version 3 at byte 2 with no refs (write version 2)');
  });

  it('refuses version 3 with no groups even when a check follows', () => {
    const error = rejects(concat(fromHex('4342030a73ff1fd9aeb577400100'), be32(hash32(''))));
    expect(error.message).toBe('format version 3 at byte 2 with no refs (write version 2)');
  });

  it('refuses a first group with neither spelled-out deltas nor refs (K = 0, R = 0)', () => {
    const bytes = concat(good.subarray(0, rAt), [0]);
    const error = rejects(bytes);
    expect(error.message).toBe(`group 0 at byte ${rAt} has no deltas`);
    expect(error.issues[0]?.path).toBe('deltas');
    expect(error.offset).toBe(rAt);
  });

  it('refuses a later group with K = 0 and R = 0 while other groups have refs', () => {
    const second = { ...like, context: 'x' };
    const two = encodeBatch(batch([like, second]), all);
    // ... group 1: name 00 (home-feed), new name 02 02 78 ('x'), K 00, R 01, ref, 01 0a | check
    const at = two.length - 11;
    expect(hex(two.subarray(at - 5, at + 1))).toBe('0002027800' + '01');
    const bytes = concat(two.subarray(0, at), [0], two.subarray(two.length - 4));
    const error = rejects(bytes);
    expect(error.message).toBe(`group 1 at byte ${at} has no deltas`);
    expect(error.offset).toBe(at);
  });

  it('refuses trailing bytes after the check', () => {
    const error = rejects(concat(good, [0]));
    expect(error.message).toBe(`trailing bytes at byte ${end}: 1 after the last delta`);
    expect(error.offset).toBe(end);
    const more = rejects(concat(good, be32(0)));
    expect(more.message).toBe(`trailing bytes at byte ${end}: 4 after the last delta`);
  });

  it('refuses the same ref twice in one group', () => {
    const entry = good.subarray(refAt, checkAt); // ref, head, s
    const bytes = concat(good.subarray(0, rAt), [2], entry, entry, be32(0));
    const error = rejects(bytes);
    expect(error.offset).toBeUndefined();
    expect(error.issues.map((issue) => issue.path)).toEqual(['refs.1']);
    expect(error.issues[0]?.message).toBe(
      'duplicate delta: same decision, context and arm as refs.0',
    );
    expect(error.message).toMatch(/^refs\.1: duplicate delta/);
  });

  it('accepts the same ref in two different groups', () => {
    const b = batch([like, { ...like, context: 'timeOfDay=evening' }]);
    expect(decodeBatch(encodeBatch(b, all))).toEqual({ ok: true, value: expected(b, all) });
  });

  it('accepts a ref whose arm is also spelled out in the same group', () => {
    // The decoder cannot tell they are the same arm; the edge resolves the ref.
    const v2 = encodeBatch(batch([like]));
    const bytes = concat(v2, [1], be32(armRef(like.arm)), [0x01, 0x0a], be32(refCheck([like])));
    bytes[2] = 3;
    const result = decodeBatch(bytes);
    expect(result.ok).toBe(true);
  });

  it.each([0, 4, 5, 0xff])('refuses format version %i as unknown', (version) => {
    const bytes = good.slice();
    bytes[2] = version;
    const error = rejects(bytes);
    expect(error.message).toBe(
      `unknown format version ${version} at byte 2 (this decoder reads 1 to 3)`,
    );
    expect(error.offset).toBe(2);
  });

  it('never throws on a corrupted version 3 batch, and what it accepts is valid', () => {
    const corrupted = fc
      .tuple(arb.batch(8), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(4))
      .map(([b, at, byte, how]) => {
        const bytes = [...encodeBatch(b, all)];
        const i = at % bytes.length;
        if (how === 0) bytes[i]! ^= 1 << (byte % 8);
        else if (how === 1) bytes[i] = byte;
        else if (how === 2) bytes.splice(i, 0, byte);
        else if (how === 3) bytes.splice(i, 1);
        else bytes.length = i;
        return new Uint8Array(bytes);
      });
    fc.assert(
      fc.property(corrupted, (bytes) => {
        const result = decodeBatch(bytes);
        if (result.ok) expect(ReceivedBatchSchema.safeParse(result.value).success).toBe(true);
        else expect(result.error.message).not.toBe('');
      }),
    );
  });
});

describe('ReceivedBatchSchema', () => {
  const ref: ArmRefDelta = { decision: 'home-feed', context: '', ref: 1, s: 0, f: 0.1, n: 1 };
  const received = (refs: unknown[], rest: object = { refCheck: 42 }) => ({
    clientId: 'c_8f2a61d0',
    seq: 1,
    deltas: [],
    refs,
    ...rest,
  });
  const issues = (value: unknown) => {
    const result = decodeWith(ReceivedBatchSchema, value);
    return result.ok ? [] : result.error.issues;
  };

  it('accepts refs at both ends of 0..0xffffffff', () => {
    expect(
      issues(
        received([
          { ...ref, ref: 0 },
          { ...ref, ref: 0xffffffff },
        ]),
      ),
    ).toEqual([]);
    expect(issues(received([ref], { refCheck: 0xffffffff }))).toEqual([]);
  });

  it.each([-1, 0x100000000, 2 ** 53, 1.5, Number.NaN])('rejects the ref %d', (value) => {
    const paths = issues(received([{ ...ref, ref: value }])).map((i) => i.path);
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set(['refs.0.ref']));
  });

  it.each([
    { s: 0, f: 0 },
    { s: 0, f: 0, n: 0 },
    { s: 0.0004, f: 0.0001 },
  ])('rejects the empty ref delta %j', (counts) => {
    const { s: _s, f: _f, n: _n, ...key } = ref;
    expect(issues(received([ref, { ...key, ref: 2, ...counts }]))).toEqual([
      { path: 'refs.1', message: EMPTY_DELTA_MESSAGE },
    ]);
  });

  it('rejects refs without refCheck, and refCheck without refs', () => {
    expect(issues(received([ref], {}))).toEqual([
      { path: 'refCheck', message: 'refs and refCheck go together' },
    ]);
    const { refs: _refs, ...noRefs } = received([ref]);
    expect(issues({ ...noRefs, deltas: [like] })).toEqual([
      { path: 'refCheck', message: 'refs and refCheck go together' },
    ]);
  });

  it('rejects a refCheck outside 0..0xffffffff', () => {
    expect(issues(received([ref], { refCheck: 0x100000000 })).map((i) => i.path)).toEqual([
      'refCheck',
    ]);
    expect(issues(received([ref], { refCheck: -1 })).map((i) => i.path)).toEqual(['refCheck']);
  });

  it('rejects an empty refs list and a batch with neither deltas nor refs', () => {
    expect(issues(received([])).map((i) => i.path)).toContain('refs');
    const { refs: _refs, refCheck: _check, ...bare } = received([]) as Record<string, unknown>;
    expect(issues(bare)).toEqual([{ path: 'deltas', message: 'a batch has deltas' }]);
  });

  it('rejects the same ref twice under one decision and context, not under two', () => {
    expect(issues(received([ref, { ...ref, s: 1 }])).map((i) => i.path)).toEqual(['refs.1']);
    expect(issues(received([ref, { ...ref, context: 'x' }]))).toEqual([]);
  });
});

describe('encodeBatch with two known arms that share a ref', () => {
  // FNV-1a 32 gives both 23465200.
  const pair = ['movie-675989', 'movie-1718032'] as const;

  it('spells both out, so that its own decoder and the edge can take the batch', () => {
    expect(armRef(pair[0])).toBe(armRef(pair[1]));
    const batch = {
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [
        { decision: 'home-feed', context: '', arm: pair[0], s: 1, f: 0 },
        { decision: 'home-feed', context: '', arm: pair[1], s: 0, f: 1 },
        { decision: 'home-feed', context: '', arm: 'movie-3', s: 1, f: 0 },
      ],
    };
    const decoded = decodeBatch(encodeBatch(batch, () => true));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.deltas.map((d) => d.arm)).toEqual([pair[0], pair[1]]);
    expect(decoded.value.refs?.map((r) => r.ref)).toEqual([armRef('movie-3')]);
  });

  it('still sends them by ref in different groups, where the edge tells them apart', () => {
    const batch = {
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [
        { decision: 'home-feed', context: '', arm: pair[0], s: 1, f: 0 },
        { decision: 'home-feed', context: 'evening', arm: pair[1], s: 1, f: 0 },
      ],
    };
    const decoded = decodeBatch(encodeBatch(batch, () => true));
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.deltas).toEqual([]);
    expect(decoded.value.refs).toHaveLength(2);
  });
});

describe('ReceivedBatchSchema limits', () => {
  const issues = (value: unknown) => {
    const result = decodeWith(ReceivedBatchSchema, value);
    return result.ok ? [] : result.error.issues;
  };
  const ref = (i: number): ArmRefDelta => ({
    decision: 'home-feed',
    context: '',
    ref: i,
    s: 1,
    f: 0,
  });
  const like = (i: number) => ({ decision: 'home-feed', context: '', arm: `m-${i}`, s: 1, f: 0 });

  it('takes at most 1000 deltas with the refs', () => {
    const batch = (spelled: number, refs: number) => ({
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: Array.from({ length: spelled }, (_, i) => like(i)),
      refs: Array.from({ length: refs }, (_, i) => ref(i)),
      refCheck: 7,
    });
    expect(issues(batch(600, 400))).toEqual([]);
    expect(issues(batch(600, 401))).toEqual([
      { path: 'deltas', message: '1001 deltas with the refs (at most 1000)' },
    ]);
  });

  it('refuses an experiment count sent by ref', () => {
    const batch = {
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [],
      refs: [{ ...ref(1), decision: '$exp/price-test' }],
      refCheck: 7,
    };
    expect(issues(batch)).toEqual([
      { path: 'refs.0.decision', message: 'experiment counts ($exp/) are never sent by ref' },
    ]);
  });
});
