import { communityPrior, UNIFORM_PRIOR } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { EDGE_DEFAULTS } from './edge-merge.ts';
import { createInProcessBackend, fixedCap } from './in-process-backend.ts';

// Feeds a learner a fixed history through the public interface.
async function play(
  learner: { feedback(item: number, reward: number): unknown },
  history: [number, number][],
) {
  for (const [item, reward] of history) await learner.feedback(item, reward);
}

// `s` clicks and `f` non-clicks on one item.
const events = (item: number, s: number, f: number): [number, number][] => [
  ...Array.from({ length: s }, (): [number, number] => [item, 1]),
  ...Array.from({ length: f }, (): [number, number] => [item, 0]),
];

// Strength n and mean of a prior 1 + m·n, 1 + (1 − m)·n.
const strengthOf = (alpha: number, beta: number) => alpha + beta - 2;

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
    expect([crowd.priorsOf(1).alpha[0], crowd.priorsOf(1).beta[0]]).toEqual([3, 2]);
    // Beta(3, 2) against Beta(1, 4): P(first wins) = 0.9286.
    expect(first / 400).toBeGreaterThan(0.88);
  });

  it("never counts a user's own feedback twice", async () => {
    const crowd = createInProcessBackend({ items: 1, seed: 2, ...fixedCap(1e9) });
    const a = await crowd.join(0);
    const b = await crowd.join(1);
    await play(a, events(0, 3, 7));
    await play(b, events(0, 5, 5));
    await crowd.refresh();
    // Totals 8 / 12; A's prior holds only B's 5 / 5, B's only A's 3 / 7.
    expect([crowd.priorsOf(0).alpha[0], crowd.priorsOf(0).beta[0]]).toEqual([6, 6]);
    expect([crowd.priorsOf(1).alpha[0], crowd.priorsOf(1).beta[0]]).toEqual([4, 8]);
    // A newcomer has contributed nothing: all 8 / 12 are crowd.
    await crowd.join(2);
    expect([crowd.priorsOf(2).alpha[0], crowd.priorsOf(2).beta[0]]).toEqual([9, 13]);
  });

  it('counts each user at most W per item and subtracts their own bounded share', async () => {
    const crowd = createInProcessBackend({
      items: 1,
      maxPriorStrength: Infinity,
      maxWeightPerClient: 5,
      seed: 2,
    });
    const a = await crowd.join(0);
    const b = await crowd.join(1);
    await play(a, events(0, 3, 7)); // counts as 1.5 / 3.5
    await play(b, events(0, 5, 5)); // counts as 2.5 / 2.5
    await crowd.refresh();
    expect(crowd.totals()).toEqual({ s: Float64Array.of(4), f: Float64Array.of(6) });
    // Two users are too few for κ: the fallback (100) is above S + F, so n = S + F.
    expect(crowd.kappaHistory().at(-1)).toMatchObject({ value: 100, source: 'fallback' });
    expect([crowd.priorsOf(0).alpha[0], crowd.priorsOf(0).beta[0]]).toEqual([3.5, 3.5]);
    expect([crowd.priorsOf(1).alpha[0], crowd.priorsOf(1).beta[0]]).toEqual([2.5, 4.5]);
    await crowd.join(2);
    expect([crowd.priorsOf(2).alpha[0], crowd.priorsOf(2).beta[0]]).toEqual([5, 7]);
  });

  it('keeps one heavy user to one bounded vote', async () => {
    const crowd = createInProcessBackend({
      items: 1,
      maxPriorStrength: Infinity,
      maxWeightPerClient: 10,
      seed: 3,
    });
    const hostile = await crowd.join(0);
    await play(hostile, events(0, 1000, 0));
    for (let u = 1; u <= 4; u++) await play(await crowd.join(u), events(0, 5, 5));
    await crowd.refresh();
    // 10 successes from the heavy user, 5 / 5 from each of four others: 30 / 20, not 1020 / 20.
    expect(crowd.totals()).toEqual({ s: Float64Array.of(30), f: Float64Array.of(20) });
  });

  it('publishes totals rounded to thousandths, as the edge does', async () => {
    const crowd = createInProcessBackend({
      items: 1,
      maxPriorStrength: Infinity,
      maxWeightPerClient: 7,
      seed: 3,
    });
    await play(await crowd.join(0), events(0, 10, 20));
    await crowd.refresh();
    // 7 · 10/30 = 2.3333…, 7 · 20/30 = 4.6666…
    expect(crowd.totals()).toEqual({ s: Float64Array.of(2.333), f: Float64Array.of(4.667) });
  });

  it('caps the prior strength at maxPriorStrength, keeping the crowd mean', async () => {
    const crowd = createInProcessBackend({ items: 1, seed: 3, ...fixedCap(10) });
    const a = await crowd.join(0);
    await play(a, events(0, 30, 70));
    await crowd.refresh();
    await crowd.join(1);
    expect(crowd.priorsOf(1).alpha[0]).toBeCloseTo(1 + 3, 12);
    expect(crowd.priorsOf(1).beta[0]).toBeCloseTo(1 + 7, 12);
    expect(crowd.kappaHistory()).toEqual([]);
  });

  it('weakens the prior to the learned κ when users disagree', async () => {
    const crowd = createInProcessBackend({
      items: 1,
      maxPriorStrength: Infinity,
      maxWeightPerClient: 5,
      seed: 4,
    });
    // Half the users always click, half never: ρ̂ = 1, so κ sits at the floor (2).
    for (let u = 0; u < 60; u++)
      await play(await crowd.join(u), u % 2 === 0 ? events(0, 10, 0) : events(0, 0, 10));
    await crowd.refresh();
    expect(crowd.kappaHistory().at(-1)).toMatchObject({ value: 2, source: 'estimate' });
    expect(crowd.totals()).toEqual({ s: Float64Array.of(150), f: Float64Array.of(150) });
    await crowd.join(60);
    const { alpha, beta } = crowd.priorsOf(60);
    expect([alpha[0], beta[0]]).toEqual([2, 2]);
  });

  it('trusts the whole crowd when users agree beyond what chance can tell', async () => {
    const crowd = createInProcessBackend({
      items: 1,
      maxPriorStrength: Infinity,
      maxWeightPerClient: 5,
      seed: 4,
    });
    // Every user clicks 1 in 10: no spread at all between users, so κ is the ceiling.
    for (let u = 0; u < 60; u++) await play(await crowd.join(u), events(0, 1, 9));
    await crowd.refresh();
    expect(crowd.kappaHistory().at(-1)).toMatchObject({ value: 10_000, source: 'ceiling' });
    await crowd.join(60);
    const { alpha, beta } = crowd.priorsOf(60);
    // S + F = 60 users × 5 (bounded) = 300 < κ: n = 300 at the mean 10%.
    expect(strengthOf(alpha[0]!, beta[0]!)).toBeCloseTo(300, 9);
    expect(alpha[0]).toBeCloseTo(1 + 30, 9);
  });

  it("gives an item users disagree on its own κ and keeps the decision's for the others", async () => {
    const crowd = createInProcessBackend({
      items: 4,
      maxPriorStrength: 50,
      kappa: { ...EDGE_DEFAULTS.kappa, minClientsPerArm: 40 },
      seed: 5,
    });
    for (let u = 0; u < 80; u++) {
      const learner = await crowd.join(u);
      // Items 0–2: everyone 1 or 2 clicks in 10 (little spread); item 3: all or nothing.
      for (let i = 0; i < 3; i++)
        await play(learner, events(i, 1 + ((u + i) % 2), 9 - ((u + i) % 2)));
      await play(learner, u % 2 === 0 ? events(3, 10, 0) : events(3, 0, 10));
    }
    await crowd.refresh();
    const kappa = crowd.kappaHistory().at(-1)!;
    expect([...kappa.arms.keys()]).toEqual([3]);
    expect(kappa.arms.get(3)).toBe(2);
    await crowd.join(80);
    const { alpha, beta } = crowd.priorsOf(80);
    // Item 3 at its own κ (2); the others at min(S + F = 400, κ, maxPriorStrength 50).
    expect(strengthOf(alpha[3]!, beta[3]!)).toBeCloseTo(2, 9);
    for (let i = 0; i < 3; i++) expect(strengthOf(alpha[i]!, beta[i]!)).toBeCloseTo(50, 9);
  });

  it('keeps everyone on Beta(1, 1) when users learn alone', async () => {
    const crowd = createInProcessBackend({ items: 2, maxPriorStrength: null, seed: 3 });
    const veteran = await crowd.join(0);
    await play(veteran, events(0, 50, 0));
    await crowd.refresh();
    const newcomer = await crowd.join(1);
    let first = 0;
    for (let i = 0; i < 2000; i++) if ((await newcomer.choose()) === 0) first += 1;
    expect(first / 2000).toBeGreaterThan(0.45);
    expect(first / 2000).toBeLessThan(0.55);
  });
});
