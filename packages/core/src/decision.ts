import { checkDecision } from './check-decision.ts';
import type { DiversityOptions } from './diversity.ts';
import { type BetaParams, UNIFORM_PRIOR } from './prior.ts';
import type { RankWeights } from './rank.ts';
import { fillRewards, type RewardMap, type RewardOverrides } from './rewards.ts';

/**
 * A named bandit problem. `rank` decisions order items from a (changing) catalog; `choose`
 * decisions pick among a small fixed set of arms, e.g. recommendation strategies.
 *
 * @example
 * const decisions: Record<string, DecisionConfig> = {
 *   'home-feed': { kind: 'rank', k: 20, epsilon: 0.15, diversity: { caps: { genre: 4 } } },
 *   strategy: {
 *     kind: 'choose',
 *     arms: ['popular', 'hidden-gems', 'your-genres', 'serendipity'],
 *     fallback: 'popular',
 *     context: ['timeOfDay', 'dayType', 'sessionPosition'],
 *   },
 * };
 */
export interface DecisionConfig {
  readonly kind: 'rank' | 'choose';
  /** `choose` only: the arm ids (1–64 unique). */
  readonly arms?: readonly string[];
  /** `choose` only: the arm returned when the engine cannot decide. Default: the first arm. */
  readonly fallback?: string;
  /** Default number of results: 20 for rank, 3 for choose. */
  readonly k?: number;
  /** Context features that split the evidence, e.g. `['timeOfDay', 'userType']`. */
  readonly context?: readonly string[];
  /** Base prior, Beta(1, 1) by default. */
  readonly prior?: BetaParams;
  /**
   * An optional ceiling on the strength n of a community prior. By default there is none:
   * n = min(S + F, κ), the crowd's evidence but no more than how much its users agree (κ,
   * published with the priors; 100 when none is). With a ceiling, n = min(S + F, κ, ceiling).
   */
  readonly maxPriorStrength?: number;
  /** Cap on the strength of the decision-level prior for unseen arms; 0 turns it off. Default 20. */
  readonly decisionPriorStrength?: number;
  /** Half-life of evidence in ms, for non-stationary rewards. Default: no decay. */
  readonly halfLifeMs?: number;
  /** Overrides of the default reward map. */
  readonly rewards?: RewardOverrides;
  /** Hybrid score weights when candidates carry relevance. Default 0.6 / 0.4. */
  readonly weights?: RankWeights;
  /** Probability that one slot goes to a random candidate. Default 0. */
  readonly epsilon?: number;
  readonly diversity?: DiversityOptions;
  /** Session boosting and hiding of disliked items; `false` turns both off. Default true. */
  readonly session?: boolean;
}

/** A decision with every default filled in and every value checked. */
export interface ResolvedDecision {
  readonly name: string;
  readonly kind: 'rank' | 'choose';
  readonly arms: readonly string[];
  readonly armSet: ReadonlySet<string>;
  readonly fallback: string | null;
  readonly k: number;
  readonly context: readonly string[];
  readonly prior: BetaParams;
  /** Infinity when the app set no ceiling. */
  readonly maxPriorStrength: number;
  readonly decisionPriorStrength: number;
  readonly halfLifeMs: number;
  readonly rewards: RewardMap;
  readonly weights: RankWeights;
  readonly epsilon: number;
  readonly diversity: DiversityOptions;
  readonly sessionBoost: boolean;
}

/**
 * Checks a decision's configuration and fills in defaults; throws naming the bad field (see
 * {@link checkDecision}, which does all the checking).
 *
 * @example
 * resolveDecision('home-feed', { kind: 'rank' }).k; // 20
 */
export function resolveDecision(name: string, config: DecisionConfig): ResolvedDecision {
  checkDecision(name, config);
  return fillDecision(name, config);
}

/**
 * Fills in the defaults of a configuration that passed {@link checkDecision}, checking
 * nothing (e.g. in a worker, when the page checked it already).
 *
 * @example
 * fillDecision('home-feed', { kind: 'rank' }).k; // 20
 */
export function fillDecision(name: string, config: DecisionConfig): ResolvedDecision {
  const arms = config.kind === 'choose' ? (config.arms ?? []) : [];
  return {
    name,
    kind: config.kind,
    arms,
    armSet: new Set(arms),
    fallback: config.kind === 'choose' ? (config.fallback ?? arms[0]!) : null,
    k: config.k ?? (config.kind === 'rank' ? 20 : 3),
    context: config.context ?? [],
    prior: config.prior ?? UNIFORM_PRIOR,
    maxPriorStrength: config.maxPriorStrength ?? Number.POSITIVE_INFINITY,
    decisionPriorStrength: config.decisionPriorStrength ?? 20,
    halfLifeMs: config.halfLifeMs ?? Number.POSITIVE_INFINITY,
    rewards: fillRewards(config.rewards),
    weights: config.weights ?? { relevance: 0.6, bandit: 0.4 },
    epsilon: config.epsilon ?? 0,
    diversity: config.diversity ?? {},
    sessionBoost: config.session ?? true,
  };
}
