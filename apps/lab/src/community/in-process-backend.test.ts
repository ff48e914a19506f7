import { communityPrior, UNIFORM_PRIOR } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { createInProcessBackend } from './in-process-backend.ts';

// Feeds a learner a fixed history through the public interface.
async function play(
  learner: { feedback(item: number, reward: number): unknown },
  history: [number, number][],
) {
  for (const [item, reward] of history) await learner.feedback(item, reward);
}

describe('createInProcessBackend', () => {
  it("gives a newcomer core's community prior of everyone else's counts", async () => {
    const crowd = createInProcessBackend({ items: 2, maxPriorStrength: 1000, seed: 1 });
    const veteran = await crowd.join(0);
    await play(veteran, [
      [0, 1],
      [0, 1],
      [0, 0],
      [1, 0],
      [1, 0],
    ]);
    await crowd.refresh();
    const newcomer = await crowd.join(1);
    // Item 0: 2 of 3 clicked. The prior is strong enough that a newcomer prefers item 0.
    let first = 0;
    for (let i = 0; i < 400; i++) if ((await newcomer.choose()) === 0) first += 1;
    const expected = communityPrior(UNIFORM_PRIOR, { s: 2, f: 1 }, { s: 0, f: 0 }, 1000)!;
    expect(expected).toEqual({ alpha: 3, beta: 2 });
    // Beta(3, 2) against Beta(1, 4): P(first wins) = 0.9286.
    expect(first / 400).toBeGreaterThan(0.88);
  });

  it("never counts a user's own feedback twice", async () => {
    const crowd = createInProcessBackend({ items: 1, maxPriorStrength: 1e9, seed: 2 });
    const a = await crowd.join(0);
    const b = await crowd.join(1);
    await play(a, [...Array(3).fill([0, 1]), ...Array(7).fill([0, 0])]);
    await play(b, [...Array(5).fill([0, 1]), ...Array(5).fill([0, 0])]);
    await crowd.refresh();
    // Totals 8 / 12; A's prior holds only B's 5 / 5, B's only A's 3 / 7.
    expect([crowd.priorsOf(0).alpha[0], crowd.priorsOf(0).beta[0]]).toEqual([6, 6]);
    expect([crowd.priorsOf(1).alpha[0], crowd.priorsOf(1).beta[0]]).toEqual([4, 8]);
    // A newcomer has contributed nothing: all 8 / 12 are crowd.
    await crowd.join(2);
    expect([crowd.priorsOf(2).alpha[0], crowd.priorsOf(2).beta[0]]).toEqual([9, 13]);
  });

  it('caps the prior strength at maxPriorStrength, keeping the crowd mean', async () => {
    const crowd = createInProcessBackend({ items: 1, maxPriorStrength: 10, seed: 3 });
    const a = await crowd.join(0);
    await play(a, [...Array(30).fill([0, 1]), ...Array(70).fill([0, 0])]);
    await crowd.refresh();
    await crowd.join(1);
    expect(crowd.priorsOf(1).alpha[0]).toBeCloseTo(1 + 3, 12);
    expect(crowd.priorsOf(1).beta[0]).toBeCloseTo(1 + 7, 12);
  });

  it('keeps everyone on Beta(1, 1) when users learn alone', async () => {
    const crowd = createInProcessBackend({ items: 2, maxPriorStrength: null, seed: 3 });
    const veteran = await crowd.join(0);
    await play(
      veteran,
      Array.from({ length: 50 }, (): [number, number] => [0, 1]),
    );
    await crowd.refresh();
    const newcomer = await crowd.join(1);
    let first = 0;
    for (let i = 0; i < 2000; i++) if ((await newcomer.choose()) === 0) first += 1;
    expect(first / 2000).toBeGreaterThan(0.45);
    expect(first / 2000).toBeLessThan(0.55);
  });
});
