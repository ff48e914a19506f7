import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as arb from '../test/arbitraries.ts';
import { checkBatch } from './check-batch.ts';
import type { Delta } from './delta-batch.ts';
import { mergeDeltas } from './merge-deltas.ts';

const d = (arm: string, s: number, f: number, n?: number): Delta =>
  n === undefined
    ? { decision: 'home-feed', context: '', arm, s, f }
    : { decision: 'home-feed', context: '', arm, s, f, n };

const byKey = (deltas: Delta[]) =>
  [...deltas].sort((a, b) =>
    `${a.decision}\0${a.context}\0${a.arm}` < `${b.decision}\0${b.context}\0${b.arm}` ? -1 : 1,
  );

describe('mergeDeltas', () => {
  it('sums deltas that share an arm key, in order of first appearance', () => {
    expect(mergeDeltas([d('m1', 1, 0), d('m2', 0, 1), d('m1', 2, 0, 1), d('m1', 0, 1)])).toEqual([
      d('m1', 3, 1, 1),
      d('m2', 0, 1),
    ]);
  });

  it('quantizes the sums, not each part', () => {
    expect(mergeDeltas([d('m1', 0.0004, 0), d('m1', 0.0004, 0)])).toEqual([d('m1', 0.001, 0)]);
  });

  it('drops arm keys left empty', () => {
    expect(mergeDeltas([d('m1', 0.0001, 0), d('m2', 0, 0, 0), d('m3', 1, 0)])).toEqual([
      d('m3', 1, 0),
    ]);
  });

  it('does not change its input', () => {
    const input = [d('m1', 1, 0), d('m1', 1, 0)];
    mergeDeltas(input);
    expect(input).toEqual([d('m1', 1, 0), d('m1', 1, 0)]);
  });

  it('gives the same totals whatever the order of the deltas', () => {
    const deltasAndShuffle = fc
      .array(arb.delta, { maxLength: 30 })
      .chain((deltas) =>
        fc.tuple(
          fc.constant(deltas),
          fc.shuffledSubarray(deltas, { minLength: deltas.length, maxLength: deltas.length }),
        ),
      );
    fc.assert(
      fc.property(deltasAndShuffle, ([deltas, shuffled]) => {
        const a = byKey(mergeDeltas(deltas));
        const b = byKey(mergeDeltas(shuffled));
        expect(a.map(({ s, f, ...key }) => key)).toEqual(b.map(({ s, f, ...key }) => key));
        a.forEach((x, i) => {
          // Float sums in another order may straddle a rounding boundary: one thousandth at most.
          expect(Math.abs(x.s - b[i]!.s)).toBeLessThanOrEqual(0.0011);
          expect(Math.abs(x.f - b[i]!.f)).toBeLessThanOrEqual(0.0011);
        });
      }),
    );
  });

  it('always yields deltas a batch can carry', () => {
    const event = fc.tuple(
      fc.constantFrom('m1', 'm2', 'm3'),
      fc.double({ min: 0, max: 1000, noNaN: true }),
      fc.double({ min: 0, max: 1000, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 50 }), (events) => {
        const merged = mergeDeltas(events.map(([arm, s, f]) => d(arm, s, f)));
        if (merged.length > 0) {
          expect(checkBatch({ clientId: 'c_8f2a61d0', seq: 1, deltas: merged })).toBeUndefined();
        }
      }),
    );
  });
});
