import { probabilityOfBeingBest, type Rng, sampleBeta } from '@crowdbandit/core';
import type { Policy } from './policy.ts';

/** Thompson sampling with per-arm Beta priors that a community refresh may replace. */
export interface ThompsonPolicy extends Policy {
  readonly name: 'thompson';
  /** Prior alpha per arm (1 for Beta(1, 1)); writable, e.g. by a community refresh. */
  readonly priorAlpha: Float64Array;
  readonly priorBeta: Float64Array;
  /** Own evidence per arm. */
  readonly successes: Float64Array;
  readonly failures: Float64Array;
}

/** Monte Carlo rounds behind {@link ThompsonPolicy.probabilities} unless told otherwise. */
const PROBABILITY_DRAWS = 2000;

/**
 * Bernoulli Thompson sampling exactly as the engine's `choose` with k = 1 does it: one
 * core `sampleBeta(rng, prior α + s, prior β + f)` per arm, in arm order, and the arm with
 * the largest draw wins. Beta(1, 1) priors unless given. `probabilities` estimates
 * P(arm is best) with core's `probabilityOfBeingBest` (`probabilityDraws` rounds, 2,000 by
 * default).
 *
 * @example
 * const ts = createThompson(10, createRng(7));
 * ts.update(ts.choose(), 1);
 */
export function createThompson(
  arms: number,
  rng: Rng,
  priors?: { readonly alpha: ArrayLike<number>; readonly beta: ArrayLike<number> },
  probabilityDraws = PROBABILITY_DRAWS,
): ThompsonPolicy {
  const priorAlpha = new Float64Array(arms).fill(1);
  const priorBeta = new Float64Array(arms).fill(1);
  if (priors !== undefined) {
    priorAlpha.set(priors.alpha);
    priorBeta.set(priors.beta);
  }
  const successes = new Float64Array(arms);
  const failures = new Float64Array(arms);
  return {
    name: 'thompson',
    arms,
    priorAlpha,
    priorBeta,
    successes,
    failures,
    choose() {
      let best = 0;
      let bestTheta = -1;
      for (let i = 0; i < arms; i++) {
        const theta = sampleBeta(rng, priorAlpha[i]! + successes[i]!, priorBeta[i]! + failures[i]!);
        if (theta > bestTheta) {
          bestTheta = theta;
          best = i;
        }
      }
      return best;
    },
    update(arm, reward) {
      successes[arm]! += reward;
      failures[arm]! += 1 - reward;
    },
    probabilities(out) {
      const params = Array.from({ length: arms }, (_, i) => ({
        alpha: priorAlpha[i]! + successes[i]!,
        beta: priorBeta[i]! + failures[i]!,
      }));
      out.set(probabilityOfBeingBest(params, rng, probabilityDraws));
    },
  };
}
