import { describe, expect, it } from 'vitest';
import { intraListDiversity, novelty, popularityRanks, serendipity } from './metrics-diversity.ts';

describe('intraListDiversity', () => {
  it('is one minus the mean pairwise Jaccard overlap of features', () => {
    // Pairs: a–b share Drama of {Drama, 1990s}: 1/2; a–c 0; b–c 0. Mean 1/6.
    const items = [
      { id: 'a', features: ['genre:Drama', 'decade:1990s'] },
      { id: 'b', features: ['genre:Drama'] },
      { id: 'c', features: ['genre:Comedy'] },
    ];
    expect(intraListDiversity(items)).toBeCloseTo(5 / 6, 12);
  });

  it('uses cosine similarity when items carry embeddings', () => {
    // cos((1,0),(0,1)) = 0, cos((1,0),(1,1)) = 1/√2, cos((0,1),(1,1)) = 1/√2.
    const items = [
      { id: 'a', embedding: [1, 0] },
      { id: 'b', embedding: [0, 1] },
      { id: 'c', embedding: [1, 1] },
    ];
    expect(intraListDiversity(items)).toBeCloseTo(1 - 2 / Math.SQRT2 / 3, 12);
  });

  it('is 0 for identical items and for lists of fewer than two', () => {
    const same = { id: 'a', features: ['genre:Drama'] };
    expect(intraListDiversity([same, { ...same, id: 'b' }])).toBe(0);
    expect(intraListDiversity([same])).toBe(0);
    expect(intraListDiversity([])).toBe(0);
  });
});

describe('popularityRanks', () => {
  it('ranks the most popular first and gives ties the mean of their ranks', () => {
    const ranks = popularityRanks([
      { id: 'a', popularity: 50 },
      { id: 'b', popularity: 900 },
      { id: 'c', popularity: 50 },
      { id: 'd' },
    ]);
    expect([...ranks.entries()].sort()).toEqual([
      ['a', 2.5],
      ['b', 1],
      ['c', 2.5],
      ['d', 4],
    ]);
  });
});

describe('novelty', () => {
  const ranks = new Map([
    ['hit', 1],
    ['known', 2],
    ['gem', 3],
  ]);

  it('is the mean popularity rank of the list', () => {
    expect(novelty(['hit', 'gem'], ranks)).toBe(2);
    expect(novelty(['gem', 'gem', 'known'], ranks)).toBeCloseTo(8 / 3, 12);
    expect(novelty([], ranks)).toBe(0);
  });

  it('refuses an item without a rank', () => {
    expect(() => novelty(['unknown'], ranks)).toThrow(/no popularity rank/);
  });
});

describe('serendipity', () => {
  it('counts items that are relevant and not expected, over the list length', () => {
    // gem: relevant, unexpected. hit: relevant but expected. dud: not relevant.
    expect(serendipity(['hit', 'gem', 'dud'], new Set(['hit', 'gem']), new Set(['hit']))).toBe(
      1 / 3,
    );
  });

  it('is 0 when everything relevant was expected, or the list is empty', () => {
    expect(serendipity(['hit'], new Set(['hit']), new Set(['hit']))).toBe(0);
    expect(serendipity([], new Set(['hit']), new Set())).toBe(0);
  });

  it('takes graded gains, a zero gain being irrelevant', () => {
    const gains = new Map([
      ['a', 0],
      ['b', 2],
    ]);
    expect(serendipity(['a', 'b'], gains, new Set())).toBe(1 / 2);
  });
});
