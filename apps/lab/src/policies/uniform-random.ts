import type { Rng } from '@crowdbandit/core';
import type { Policy } from './policy.ts';

/**
 * The uniformly random policy: the baseline every learner must beat, and the logging policy
 * of the OBD "random" sample.
 *
 * @example
 * createUniformRandom(34, createRng(1)).choose(); // 0..33, each with probability 1/34
 */
export function createUniformRandom(arms: number, rng: Rng): Policy {
  return {
    name: 'random',
    arms,
    choose: () => Math.floor(rng() * arms),
    update() {},
    probabilities(out) {
      out.fill(1 / arms);
    },
  };
}
