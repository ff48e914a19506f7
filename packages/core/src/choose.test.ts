import { describe, expect, it } from 'vitest';
import { blend } from './blend.ts';
import { chooseTopK } from './choose.ts';
import { createRng } from './random.ts';
import type { PosteriorLookup } from './rank.ts';

const posteriors: PosteriorLookup = {
  posterior(arm, out) {
    const strong = arm === 'gems';
    out.alpha = strong ? 800 : 200;
    out.beta = strong ? 200 : 800;
    out.source = 'base';
  },
};

describe('chooseTopK', () => {
  it('returns the top k arms best first with weights summing to 1', () => {
    const arms = chooseTopK(
      ['popular', 'gems', 'serendipity', 'genres'],
      posteriors,
      createRng(3),
      3,
    );
    expect(arms.map((a) => a.id)[0]).toBe('gems');
    expect(arms.length).toBe(3);
    expect(arms.reduce((sum, a) => sum + a.weight, 0)).toBeCloseTo(1, 12);
    expect(arms[0]!.weight).toBeGreaterThan(arms[1]!.weight);
    expect(arms[0]!.mean).toBeCloseTo(0.8, 12);
  });

  it('returns every arm when k exceeds their number', () => {
    expect(chooseTopK(['a', 'b'], posteriors, createRng(3), 5).length).toBe(2);
  });
});

describe('blend', () => {
  const list = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('fills slots in proportion to the weights, evenly spread', () => {
    const out = blend(
      [
        { arm: 'a', weight: 0.75, items: list('a', 30) },
        { arm: 'b', weight: 0.25, items: list('b', 30) },
      ],
      8,
      (x) => x,
    );
    expect(out.map((o) => o.arm)).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it('credits an item offered by two strategies to the first that placed it, once', () => {
    const out = blend(
      [
        { arm: 'popular', weight: 0.5, items: ['x', 'y'] },
        { arm: 'gems', weight: 0.5, items: ['x', 'z'] },
      ],
      10,
      (x) => x,
    );
    expect(out).toEqual([
      { item: 'x', arm: 'popular' },
      { item: 'z', arm: 'gems' },
      { item: 'y', arm: 'popular' },
    ]);
  });

  it('keeps going with the other strategies when one runs out', () => {
    const out = blend(
      [
        { arm: 'a', weight: 0.9, items: ['a0'] },
        { arm: 'b', weight: 0.1, items: list('b', 5) },
      ],
      4,
      (x) => x,
    );
    expect(out.map((o) => o.item)).toEqual(['a0', 'b0', 'b1', 'b2']);
  });

  it('returns nothing for no sources', () => {
    expect(blend([], 5, (x: string) => x)).toEqual([]);
  });
});
