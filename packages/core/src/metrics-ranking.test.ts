import { describe, expect, it } from 'vitest';
import {
  meanReciprocalRank,
  ndcgAtK,
  precisionAtK,
  recallAtK,
  reciprocalRank,
} from './metrics-ranking.ts';

// Golden values worked out by hand in the comments.
const ranked = ['a', 'b', 'c', 'd', 'e'];
const relevant = new Set(['b', 'd', 'x']);

describe('precisionAtK', () => {
  it.each([
    [1, 0], // a
    [2, 1 / 2], // a b
    [4, 2 / 4], // a b c d
    [5, 2 / 5],
  ])('counts relevant items among the first %i', (k, expected) => {
    expect(precisionAtK(ranked, relevant, k)).toBeCloseTo(expected, 12);
  });

  it('counts missing slots of a short list as misses', () => {
    expect(precisionAtK(['b'], relevant, 4)).toBe(1 / 4);
  });

  it('counts a repeated relevant item once', () => {
    expect(precisionAtK(['b', 'b', 'd'], relevant, 3)).toBeCloseTo(2 / 3, 12);
  });

  it('treats a zero gain in a graded map as not relevant', () => {
    expect(
      precisionAtK(
        ['a', 'b'],
        new Map([
          ['a', 0],
          ['b', 2],
        ]),
        2,
      ),
    ).toBe(1 / 2);
  });

  it('rejects a k that is not a positive integer', () => {
    expect(() => precisionAtK(ranked, relevant, 0)).toThrow(RangeError);
    expect(() => precisionAtK(ranked, relevant, 1.5)).toThrow(RangeError);
  });
});

describe('recallAtK', () => {
  it.each([
    [1, 0],
    [2, 1 / 3], // b of {b, d, x}
    [5, 2 / 3], // b and d; x never appears
  ])('finds the share of relevant items in the first %i', (k, expected) => {
    expect(recallAtK(ranked, relevant, k)).toBeCloseTo(expected, 12);
  });

  it('is 0 when nothing is relevant', () => {
    expect(recallAtK(ranked, new Set(), 3)).toBe(0);
  });
});

describe('ndcgAtK', () => {
  it('discounts a single relevant item by log2 of its rank + 1', () => {
    // DCG = 1/log2(3); ideal DCG = 1/log2(2) = 1.
    expect(ndcgAtK(['a', 'b', 'c'], new Set(['b']), 3)).toBeCloseTo(1 / Math.log2(3), 12);
  });

  it('scores binary relevance against the ideal order', () => {
    // b at rank 2, d at rank 4: DCG = 1/log2 3 + 1/log2 5 = 0.63093 + 0.43068 = 1.06161.
    // Ideal: three relevant items at ranks 1–3: 1 + 0.63093 + 0.5 = 2.13093.
    expect(ndcgAtK(ranked, relevant, 5)).toBeCloseTo(1.0616063 / 2.1309298, 6);
  });

  it('uses graded gains', () => {
    // DCG = 1/1 + 3/log2 3 = 2.892789; ideal = 3/1 + 1/log2 3 = 3.630930.
    const gains = new Map([
      ['a', 1],
      ['b', 3],
    ]);
    expect(ndcgAtK(['a', 'b'], gains, 2)).toBeCloseTo(2.8927892607 / 3.6309297536, 9);
  });

  it('is 1 for the ideal order and 0 when nothing is relevant', () => {
    expect(ndcgAtK(['b', 'd', 'x', 'a'], relevant, 4)).toBeCloseTo(1, 12);
    expect(ndcgAtK(ranked, new Set(), 5)).toBe(0);
  });

  it('cuts the ideal list at k', () => {
    // k = 1: ideal DCG is 1 whatever the number of relevant items; b sits at rank 1.
    expect(ndcgAtK(['b', 'a'], relevant, 1)).toBe(1);
  });
});

describe('reciprocalRank and meanReciprocalRank', () => {
  it('is one over the rank of the first relevant item', () => {
    expect(reciprocalRank(ranked, relevant)).toBe(1 / 2);
    expect(reciprocalRank(['x'], relevant)).toBe(1);
    expect(reciprocalRank(['a', 'c'], relevant)).toBe(0);
  });

  it('averages over lists', () => {
    // 1/2, 1/3 and 0: mean 5/18.
    expect(
      meanReciprocalRank([
        { ranked, relevance: relevant },
        { ranked: ['c', 'e', 'd'], relevance: relevant },
        { ranked: ['a'], relevance: relevant },
      ]),
    ).toBeCloseTo(5 / 18, 12);
    expect(meanReciprocalRank([])).toBe(0);
  });
});
