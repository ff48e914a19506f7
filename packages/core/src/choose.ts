import { sampleBeta } from './beta.ts';
import type { CommunityStrength } from './community-strength.ts';
import type { ExperimentVariation, Policy } from './explanation.ts';
import type { PriorSource } from './prior.ts';
import type { Rng } from './random.ts';
import type { PosteriorLookup, PosteriorSlot } from './rank.ts';

/**
 * An arm picked by `choose`, with its share of the blend.
 *
 * @example
 * const { arms } = engine.choose('strategy', { k: 3 });
 * arms.map((a) => `${a.id} ${(a.weight * 100).toFixed(0)}%`); // ['gems 45%', 'popular 33%', ...]
 */
export interface ChosenArm {
  readonly id: string;
  /** Normalised weight: theta over the sum of the returned thetas. */
  readonly weight: number;
  readonly theta: number;
  readonly mean: number;
  /** The posterior's shapes. */
  readonly alpha: number;
  readonly beta: number;
  /** Equal-tailed 95% posterior interval, when asked for (see Explanation.interval). */
  readonly interval?: readonly [number, number];
  readonly prior: PriorSource;
  /** How strong the community prior is and why, when `prior` is `'community'`; else null. */
  readonly community: CommunityStrength | null;
}

/**
 * The result of `choose`: the top k arms by Thompson draw, best first. `fallback` is true
 * when the engine could not decide and returned the decision's configured default.
 */
export interface ChooseResult {
  readonly arms: readonly ChosenArm[];
  readonly contextKey: string;
  /** Which policy chose (see {@link Policy}). */
  readonly policy: Policy;
  /** The experiment whose variation chose the policy, when one did (set by the SDK). */
  readonly experiment?: ExperimentVariation;
  readonly fallback: boolean;
  /** Why the fallback was used. */
  readonly reason?: string;
}

/**
 * Samples theta for each arm and returns the top k with normalised weights.
 *
 * @example
 * chooseTopK(['popular', 'gems', 'serendipity'], posteriors, createRng(7), 2);
 */
export function chooseTopK(
  arms: readonly string[],
  posteriors: PosteriorLookup,
  rng: Rng,
  k: number,
): ChosenArm[] {
  const slot: PosteriorSlot = { alpha: 1, beta: 1, source: 'base', community: null };
  const drawn = arms.map((id) => {
    posteriors.posterior(id, slot);
    return {
      id,
      theta: sampleBeta(rng, slot.alpha, slot.beta),
      alpha: slot.alpha,
      beta: slot.beta,
      prior: slot.source,
      community: slot.community,
    };
  });
  drawn.sort((a, b) => b.theta - a.theta);
  const top = drawn.slice(0, Math.max(0, k));
  const total = top.reduce((sum, arm) => sum + arm.theta, 0);
  return top.map((arm) => ({
    id: arm.id,
    weight: total > 0 ? arm.theta / total : 1 / top.length,
    theta: arm.theta,
    mean: arm.alpha / (arm.alpha + arm.beta),
    alpha: arm.alpha,
    beta: arm.beta,
    prior: arm.prior,
    community: arm.community,
  }));
}
