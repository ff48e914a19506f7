import { describe, expect, it } from 'vitest';
import { createUcb1 } from './ucb1.ts';

describe('createUcb1', () => {
  it('plays every arm once before using the index', () => {
    const ucb = createUcb1(4);
    const first = [];
    for (let i = 0; i < 4; i++) {
      const arm = ucb.choose();
      first.push(arm);
      ucb.update(arm, 0);
    }
    expect(first).toEqual([0, 1, 2, 3]);
  });

  it('picks the largest mean + √(2 ln t / n)', () => {
    const ucb = createUcb1(2);
    // Arm 0: 10 plays, mean 0.5; arm 1: 2 plays, mean 0.5. t = 12: arm 1's bonus is larger.
    for (let i = 0; i < 10; i++) ucb.update(0, i % 2);
    ucb.update(1, 1);
    ucb.update(1, 0);
    expect(ucb.choose()).toBe(1);
    const p = new Float64Array(2);
    ucb.probabilities(p);
    expect([...p]).toEqual([0, 1]);
  });

  it('exploits a clearly better arm', () => {
    const ucb = createUcb1(2);
    for (let i = 0; i < 200; i++) {
      const arm = ucb.choose();
      ucb.update(arm, arm === 0 ? 1 : 0);
    }
    let best = 0;
    for (let i = 0; i < 100; i++) {
      const arm = ucb.choose();
      ucb.update(arm, arm === 0 ? 1 : 0);
      if (arm === 0) best += 1;
    }
    expect(best).toBeGreaterThan(90);
  });
});
