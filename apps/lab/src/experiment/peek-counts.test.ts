import { bucketRanges, chooseVariation, hashToUnit } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { assigner } from './assignment.ts';
import { armAt, peekCounts } from './peek-counts.ts';
import { phaseSeed, population } from './population.ts';

const split = { seed: phaseSeed('test', 4), weights: [0.5, 0.5], coverage: 1 };

describe('assigner', () => {
  it("gives every user the variation of core's hashToUnit and chooseVariation", () => {
    const users = population(4, 500);
    const half = { ...split, coverage: 0.5 };
    const variationOf = assigner(half);
    for (const id of users.ids) {
      const n = hashToUnit(half.seed, id, 2)!;
      expect(variationOf(id)).toBe(chooseVariation(n, bucketRanges(2, 0.5, [0.5, 0.5])));
    }
    const outside = users.ids.filter((id) => variationOf(id) === -1).length;
    expect(outside).toBeGreaterThan(200);
    expect(outside).toBeLessThan(300);
  });
});

describe('peekCounts', () => {
  it('counts every user once, cumulatively, at each look', () => {
    const users = population(5, 1_050);
    const counts = peekCounts(users, { split, rates: [0.2, 0.3], batch: 100 });
    expect(counts.length).toBe(11 * 4);
    const last = [armAt(counts, 10, 0), armAt(counts, 10, 1)];
    expect(last[0]!.s + last[0]!.f + last[1]!.s + last[1]!.f).toBe(1_050);
    for (let k = 1; k < 11; k++) {
      for (let j = 0; j < 4; j++)
        expect(counts[4 * k + j]).toBeGreaterThanOrEqual(counts[4 * (k - 1) + j]!);
    }
    const variationOf = assigner(split);
    const converted = users.ids.filter((id, i) => users.convert[i]! < [0.2, 0.3][variationOf(id)]!);
    expect(last[0]!.s + last[1]!.s).toBe(converted.length);
  });

  it("drops the given share of one arm's exposures and nothing of the other", () => {
    const users = population(6, 20_000);
    const options = { split, rates: [0.2, 0.2], batch: 20_000 };
    const whole = peekCounts(users, options);
    const dropped = peekCounts(users, { ...options, drop: { variation: 1, share: 0.1 } });
    expect(dropped[0]).toBe(whole[0]);
    expect(dropped[2]! / whole[2]!).toBeCloseTo(0.9, 1);
  });
});
