import { describe, expect, it } from 'vitest';
import { createEngine } from './create-engine.ts';
import { createRng } from './random.ts';

// Chapelle & Li's setting: 10 Bernoulli arms, the best at 0.5 and the others at 0.4.
const RATES = [0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4];
const ARMS = RATES.map((_, i) => `arm${i}`);

function bestShare(seed: number): number {
  const engine = createEngine({
    decisions: { bandit: { kind: 'choose', arms: ARMS, k: 1 } },
    seed,
    now: () => 0,
  });
  const world = createRng(seed + 1_000_003);
  let best = 0;
  for (let pull = 1; pull <= 20_000; pull++) {
    const arm = engine.choose('bandit').arms[0]!.id;
    const index = ARMS.indexOf(arm);
    engine.feedback('bandit', arm, world() < RATES[index]! ? 'like' : 'dislike');
    if (pull > 10_000 && index === 0) best += 1;
    if (pull % 1000 === 0) engine.takeDeltas();
  }
  return best / 10_000;
}

describe('Thompson sampling through the engine', () => {
  it('plays the best arm more than 90% of pulls 10,001–20,000 for a fixed seed', () => {
    expect(bestShare(2026)).toBeGreaterThan(0.9);
  });

  it('plays the best arm more than 90% of those pulls on average over 20 seeds', () => {
    let total = 0;
    for (let seed = 1; seed <= 20; seed++) total += bestShare(seed);
    expect(total / 20).toBeGreaterThan(0.9);
  }, 120_000);
});
