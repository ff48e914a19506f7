import { createRng } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { createEpsilonGreedy } from './epsilon-greedy.ts';
import { createUniformRandom } from './uniform-random.ts';

describe('createEpsilonGreedy', () => {
  it('tries unplayed arms first', () => {
    const greedy = createEpsilonGreedy(3, createRng(1), 0);
    const seen = new Set<number>();
    for (let i = 0; i < 3; i++) {
      const arm = greedy.choose();
      seen.add(arm);
      greedy.update(arm, 0);
    }
    expect(seen.size).toBe(3);
  });

  it('chooses with the probabilities it reports', () => {
    const greedy = createEpsilonGreedy(4, createRng(2), 0.1);
    // Means: arm 0 = 1, arm 1 = 1, arms 2 and 3 = 0: a tie between 0 and 1.
    greedy.update(0, 1);
    greedy.update(1, 1);
    greedy.update(2, 0);
    greedy.update(3, 0);
    const p = new Float64Array(4);
    greedy.probabilities(p);
    expect([...p]).toEqual([0.025 + 0.45, 0.025 + 0.45, 0.025, 0.025]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[greedy.choose()]! += 1;
    for (const [i, c] of counts.entries()) expect(c / 40_000).toBeCloseTo(p[i]!, 2);
  });
});

describe('createUniformRandom', () => {
  it('chooses every arm about equally often', () => {
    const random = createUniformRandom(5, createRng(3));
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[random.choose()]! += 1;
    for (const c of counts) expect(c / 50_000).toBeCloseTo(0.2, 2);
  });
});
