import type { CommunityStrength } from './community-strength.ts';
import type { PriorSource } from './prior.ts';

/**
 * How a decision ranked or chose: `learner` is the engine (Thompson sampling, session
 * boosting, diversity and exploration); `baseline` is the similarity baseline, which ranks by
 * the candidates' relevance alone (popularity, then input order, breaking ties) and a choose
 * decision's arms in their configured order from the fallback, with no draws and no session.
 * An experiment on a decision switches it per user (see the SDK's `assign`).
 */
export type Policy = 'learner' | 'baseline';

/**
 * The rule that put an item where it is: `score` (best hybrid score left), `diversity`
 * (MMR or a feature cap passed over a higher score), `explore` (the epsilon exploration
 * slot), `relaxed` (caps could not be met, filled by score).
 */
export type PlacementRule = 'score' | 'diversity' | 'explore' | 'relaxed';

/**
 * The experiment that chose a decision's policy for a user, and the variation (its index)
 * that did: the one the user is in, or, outside the experiment (`inExperiment` false), the
 * control or a stopped experiment's winner.
 */
export interface ExperimentVariation {
  readonly key: string;
  readonly variation: number;
  readonly inExperiment: boolean;
}

/** A session feature that moved an item, with its current weight. */
export interface BoostFeature {
  readonly feature: string;
  readonly weight: number;
}

/**
 * Why an item or arm was returned, in numbers a person can check.
 *
 * @example
 * const [top] = engine.rank('home-feed', films);
 * console.log(`${top.id}: ${top.explanation.rule}, mean ${top.explanation.mean.toFixed(2)}`);
 */
export interface Explanation {
  /** Which policy ranked: `learner`, or `baseline` (no draw: `theta` is 0). */
  readonly policy: Policy;
  /** The experiment whose variation chose the policy, when one did (set by the SDK). */
  readonly experiment?: ExperimentVariation;
  /** The Thompson draw used for this decision. */
  readonly theta: number;
  /** Posterior mean alpha/(alpha+beta). */
  readonly mean: number;
  /**
   * Equal-tailed 95% posterior interval, when asked for: the engine leaves it out (20 of them
   * cost a quarter of a rank), `withInterval(explanation)` adds it, and the SDK does with
   * `explain: true`.
   */
  readonly interval?: readonly [number, number];
  readonly alpha: number;
  readonly beta: number;
  /** Where the prior came from. */
  readonly prior: PriorSource;
  /**
   * How strong the community prior is and why (κ and where it came from, the crowd's
   * evidence, whether the app's `maxPriorStrength` held it back), when `prior` is
   * `'community'`; else null.
   *
   * @example
   * const c = top.explanation.community;
   * if (c) console.log(`the crowd counts as ${c.strength} votes (κ ${c.kappa.value}, ${c.kappa.source})`);
   */
  readonly community: CommunityStrength | null;
  /** The app's relevance, when given. */
  readonly relevance: number | null;
  /** Session boost added to the score. */
  readonly boost: number;
  /** The session features behind the boost, strongest first. */
  readonly boostFeatures: readonly BoostFeature[];
  /** Popularity dampening and long-tail bonus added to the score. */
  readonly popularityAdjustment: number;
  /** The hybrid score; under `baseline`, the relevance (−1 for a candidate without one). */
  readonly score: number;
  readonly rule: PlacementRule;
}
