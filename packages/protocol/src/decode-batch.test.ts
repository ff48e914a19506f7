import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as arb from '../test/arbitraries.ts';
import vectors from '../test-vectors/codec.json' with { type: 'json' };
import vectorsV2 from '../test-vectors/codec-v2.json' with { type: 'json' };
import { decodeBatch } from './decode-batch.ts';
import { type DeltaBatch, DeltaBatchSchema } from './delta-batch.ts';
import { encodeBatch } from './encode-batch.ts';
import { encodeBatchV1 } from './encode-batch-v1.ts';
import { installEnglishMessages } from './english-messages.ts';

beforeAll(installEnglishMessages);

const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

/** A valid encoding with one random corruption: flip, overwrite, insert, delete or cut. */
const corrupted = fc
  .tuple(arb.batch(8), fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(4))
  .map(([batch, v1, at, byte, how]) => {
    const good = [...(v1 ? encodeBatchV1(batch) : encodeBatch(batch))];
    const i = at % good.length;
    if (how === 0) good[i]! ^= 1 << (byte % 8);
    else if (how === 1) good[i] = byte;
    else if (how === 2) good.splice(i, 0, byte);
    else if (how === 3) good.splice(i, 1);
    else good.length = i;
    return new Uint8Array(good);
  });

describe('decodeBatch', () => {
  it.each(vectors.valid)('decodes $name (format 1) back to its batch', ({ batch, hex }) => {
    expect(decodeBatch(bytes(hex))).toEqual({ ok: true, value: batch });
  });

  it.each(vectorsV2.valid)(
    'decodes $name (format 2) back to its batch, grouped',
    ({ batch, hex }) => {
      expect(decodeBatch(bytes(hex))).toEqual({
        ok: true,
        value: arb.grouped(batch as DeltaBatch),
      });
    },
  );

  it.each([...vectors.invalid, ...vectorsV2.invalid])(
    'rejects $name with a clear error',
    ({ hex, message, path, ...rest }) => {
      const result = decodeBatch(bytes(hex));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.message).toBe(message);
      expect(result.error.issues[0]?.path).toBe(path);
      expect(result.error.offset).toBe('offset' in rest ? rest.offset : undefined);
    },
  );

  it('gives back every valid batch it was given, counts in thousandths, grouped', () => {
    fc.assert(
      fc.property(arb.batch(), (batch) => {
        const value = arb.grouped(arb.onTheWire(batch));
        expect(decodeBatch(encodeBatch(batch))).toEqual({ ok: true, value });
      }),
      { numRuns: 500 },
    );
  });

  it('gives back every valid batch an SDK before format 2 sent, in its order', () => {
    fc.assert(
      fc.property(arb.batch(), (batch) => {
        const value = arb.onTheWire(batch);
        expect(decodeBatch(encodeBatchV1(batch))).toEqual({ ok: true, value });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips a full batch of 1000 deltas', () => {
    const batch = {
      clientId: 'c_8f2a61d0',
      seq: 99,
      deltas: Array.from({ length: 1000 }, (_, i) => ({
        decision: 'home-feed',
        context: `ctx-${i % 7}`,
        arm: `movie-${i}`,
        s: (i % 5) * 0.25,
        f: 1,
        ...(i % 3 === 0 ? { n: i } : {}),
      })),
    };
    expect(decodeBatch(encodeBatch(batch))).toEqual({ ok: true, value: arb.grouped(batch) });
    expect(decodeBatch(encodeBatchV1(batch))).toEqual({ ok: true, value: batch });
  });

  it('reads a batch out of a larger buffer', () => {
    const inner = bytes(vectors.valid[0]!.hex);
    const outer = new Uint8Array(inner.length + 10);
    outer.set(inner, 5);
    expect(decodeBatch(outer.subarray(5, 5 + inner.length)).ok).toBe(true);
  });

  it('accepts an unused dictionary entry and any dictionary order', () => {
    // dictionary ["x", "a", "", "d"]: one unused entry, not in order of first use
    const hex = '4342010a635f386632613631643001040178016100016401060201e80700';
    expect(decodeBatch(bytes(hex))).toEqual({
      ok: true,
      value: {
        clientId: 'c_8f2a61d0',
        seq: 1,
        deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }],
      },
    });
  });

  it('reports every strict prefix of a valid batch as truncated', () => {
    fc.assert(
      fc.property(arb.batch(4), fc.boolean(), fc.nat(), (batch, v1, cut) => {
        const good = v1 ? encodeBatchV1(batch) : encodeBatch(batch);
        const result = decodeBatch(good.subarray(0, cut % good.length));
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error.message).toMatch(/^truncated at byte \d+: /);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes, and whatever it accepts is valid', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (input) => {
        const result = decodeBatch(input);
        if (result.ok) expect(DeltaBatchSchema.safeParse(result.value).success).toBe(true);
        else expect(result.error.message).not.toBe('');
      }),
      { numRuns: 3000 },
    );
  });

  it.each([
    ['1', '4342010a635f386632613631643001'],
    ['2', '4342020a73ff1fd9aeb5774001'],
  ])('never throws on random bytes behind a valid format %s header', (_, hex) => {
    const header = bytes(hex);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        const input = new Uint8Array([...header, ...tail]);
        const result = decodeBatch(input);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) {
          const again = decodeBatch(encodeBatch(result.value));
          expect(again).toEqual({ ok: true, value: arb.grouped(result.value) });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on corrupted encodings, and re-encodes whatever it accepts', () => {
    fc.assert(
      fc.property(corrupted, (input) => {
        const result = decodeBatch(input);
        if (result.ok) {
          const again = decodeBatch(encodeBatch(result.value));
          expect(again).toEqual({ ok: true, value: arb.grouped(result.value) });
        } else expect(result.error.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses forged huge counts at once', () => {
    for (const forged of [
      '4342020a73ff1fd9aeb5774001ffffffffffffff0f',
      '4342020a73ff1fd9aeb577400101000164010001ffffffffffffff0f',
    ]) {
      const started = performance.now();
      expect(decodeBatch(bytes(forged)).ok).toBe(false);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it('refuses a forged huge dictionary (format 1) at once', () => {
    const started = performance.now();
    // dictionary size 2^53 - 1 with nothing after it
    const result = decodeBatch(bytes('4342010a635f386632613631643001ffffffffffffff0f'));
    expect(result.ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
