import type { Rng } from '@crowdbandit/core';
import { createEpsilonGreedy } from './epsilon-greedy.ts';
import type { Policy, PolicyName } from './policy.ts';
import { createThompson } from './thompson.ts';
import { createUcb1 } from './ucb1.ts';
import { createUniformRandom } from './uniform-random.ts';

/** ε of the ε-greedy baseline. */
export const GREEDY_EPSILON = 0.1;

/**
 * A fresh policy by name: Thompson sampling with Beta(1, 1) priors, UCB1, ε-greedy with
 * ε = 0.1, or uniformly random.
 *
 * @example
 * const policy = createPolicy('ucb1', 10, createRng(1));
 */
export function createPolicy(name: PolicyName, arms: number, rng: Rng): Policy {
  switch (name) {
    case 'thompson':
      return createThompson(arms, rng);
    case 'ucb1':
      return createUcb1(arms);
    case 'epsilon-greedy':
      return createEpsilonGreedy(arms, rng, GREEDY_EPSILON);
    case 'random':
      return createUniformRandom(arms, rng);
  }
}
