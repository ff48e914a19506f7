import { createEngine, createRng } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { WORLD_SEED_OFFSET } from '../simulate/run-bandit.ts';
import { meanInterval } from '../stats.ts';
import { createThompson } from './thompson.ts';

const RATES = [0.5, 0.4, 0.4, 0.4, 0.4, 0.45, 0.4, 0.4, 0.4, 0.4];
const ARMS = RATES.map((_, i) => `arm${i}`);

// Plays Chapelle & Li's setting through the engine's choose path (Beta(1, 1): no decision-
// level prior) and returns the arms it chose and the pseudo-regret.
function throughEngine(seed: number, steps: number): { arms: number[]; regret: number } {
  const engine = createEngine({
    decisions: {
      bandit: { kind: 'choose', arms: ARMS, k: 1, decisionPriorStrength: 0, session: false },
    },
    rng: createRng(seed),
    now: () => 0,
  });
  const world = createRng(seed + WORLD_SEED_OFFSET);
  const arms: number[] = [];
  let regret = 0;
  for (let t = 0; t < steps; t++) {
    const arm = ARMS.indexOf(engine.choose('bandit').arms[0]!.id);
    arms.push(arm);
    regret += 0.5 - RATES[arm]!;
    engine.feedback('bandit', ARMS[arm]!, world() < RATES[arm]! ? 'like' : 'dislike');
  }
  return { arms, regret };
}

function throughLoop(seed: number, steps: number): { arms: number[]; regret: number } {
  const policy = createThompson(RATES.length, createRng(seed));
  const world = createRng(seed + WORLD_SEED_OFFSET);
  const arms: number[] = [];
  let regret = 0;
  for (let t = 0; t < steps; t++) {
    const arm = policy.choose();
    arms.push(arm);
    regret += 0.5 - RATES[arm]!;
    policy.update(arm, world() < RATES[arm]! ? 1 : 0);
  }
  return { arms, regret };
}

describe('createThompson', () => {
  it("chooses exactly the arms of the engine's choose path for the same seed", () => {
    for (const seed of [1, 2, 3]) {
      expect(throughLoop(seed, 1500).arms).toEqual(throughEngine(seed, 1500).arms);
    }
  });

  it("has the engine's regret distribution on independent seeds", () => {
    // Different seeds on each side: the two samples must agree within their noise.
    const engine = Array.from({ length: 30 }, (_, s) => throughEngine(100 + s, 1000).regret);
    const loop = Array.from({ length: 30 }, (_, s) => throughLoop(500 + s, 1000).regret);
    const a = meanInterval(engine);
    const b = meanInterval(loop);
    const se = Math.hypot((a.high - a.value) / 1.96, (b.high - b.value) / 1.96);
    expect(Math.abs(a.value - b.value)).toBeLessThan(4 * se);
    // And it learns: random play would lose 1000 × mean gap = 1000 × 0.085 = 85.
    expect(b.value).toBeLessThan(75);
  });

  it('puts most probability on the arm with the best evidence', () => {
    const policy = createThompson(3, createRng(5));
    for (let i = 0; i < 50; i++) {
      policy.update(0, 1);
      policy.update(1, i % 2);
      policy.update(2, 0);
    }
    const p = new Float64Array(3);
    policy.probabilities(p);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(p[0]).toBeGreaterThan(0.99);
  });

  it('starts from the given priors instead of Beta(1, 1)', () => {
    const policy = createThompson(2, createRng(9), { alpha: [1, 90], beta: [1, 10] });
    let second = 0;
    for (let i = 0; i < 200; i++) if (policy.choose() === 1) second += 1;
    // Beta(90, 10) sits near 0.9: it beats a uniform draw about 90% of the time.
    expect(second).toBeGreaterThan(160);
  });
});
