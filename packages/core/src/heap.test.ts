import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from './heap.ts';

describe('topK', () => {
  it('returns the same indices as a full sort, best first', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
            fc.constant(Number.NEGATIVE_INFINITY),
          ),
          { maxLength: 300 },
        ),
        fc.nat(320),
        (values, k) => {
          const scores = Float64Array.from(values);
          const expected = values
            .map((score, index) => ({ score, index }))
            .filter((e) => e.score !== Number.NEGATIVE_INFINITY)
            .sort((a, b) => b.score - a.score || a.index - b.index)
            .slice(0, k)
            .map((e) => e.index);
          expect(Array.from(topK(scores, k))).toEqual(expected);
        },
      ),
    );
  });

  it('skips ineligible entries and returns fewer than k when fewer are eligible', () => {
    expect(
      Array.from(topK(Float64Array.of(Number.NEGATIVE_INFINITY, 1, Number.NEGATIVE_INFINITY), 5)),
    ).toEqual([1]);
  });
});
