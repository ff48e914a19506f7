import type { Rng } from '@crowdbandit/core';
import type { Policy } from './policy.ts';

/**
 * ε-greedy: with probability ε a uniformly random arm, otherwise the arm with the best mean
 * reward so far, unplayed arms first (their mean counts as +∞) and ties broken uniformly at
 * random — at click-through rates near 0.5% most arms tie at 0 for a long time.
 *
 * @example
 * const greedy = createEpsilonGreedy(10, createRng(3), 0.1);
 * greedy.update(greedy.choose(), 1);
 */
export function createEpsilonGreedy(arms: number, rng: Rng, epsilon = 0.1): Policy {
  const pulls = new Float64Array(arms);
  const rewards = new Float64Array(arms);
  const meanOf = (i: number) =>
    pulls[i] === 0 ? Number.POSITIVE_INFINITY : rewards[i]! / pulls[i]!;
  const bestMean = (): number => {
    let best = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < arms; i++) best = Math.max(best, meanOf(i));
    return best;
  };
  return {
    name: 'epsilon-greedy',
    arms,
    choose() {
      if (rng() < epsilon) return Math.floor(rng() * arms);
      let best = 0;
      let bestValue = Number.NEGATIVE_INFINITY;
      let ties = 0;
      for (let i = 0; i < arms; i++) {
        const value = meanOf(i);
        if (value > bestValue) {
          bestValue = value;
          best = i;
          ties = 1;
        } else if (value === bestValue) {
          // Reservoir sampling over the tied arms: each ends up chosen with probability 1/ties.
          ties += 1;
          if (rng() * ties < 1) best = i;
        }
      }
      return best;
    },
    update(arm, reward) {
      pulls[arm]! += 1;
      rewards[arm]! += reward;
    },
    probabilities(out) {
      const top = bestMean();
      let ties = 0;
      for (let i = 0; i < arms; i++) if (meanOf(i) === top) ties += 1;
      for (let i = 0; i < arms; i++)
        out[i] = epsilon / arms + (meanOf(i) === top ? (1 - epsilon) / ties : 0);
    },
  };
}
