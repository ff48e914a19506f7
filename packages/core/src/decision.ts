import { BUILT_IN_FEATURES } from './context.ts';
import type { DiversityOptions } from './diversity.ts';
import { CrowdbanditError, describeValue } from './errors.ts';
import { type BetaParams, UNIFORM_PRIOR } from './prior.ts';
import type { RankWeights } from './rank.ts';
import { type RewardMap, type RewardOverrides, resolveRewards } from './rewards.ts';

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
  /** Cap on the strength (alpha+beta) of a community prior. Default 100. */
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
  readonly maxPriorStrength: number;
  readonly decisionPriorStrength: number;
  readonly halfLifeMs: number;
  readonly rewards: RewardMap;
  readonly weights: RankWeights;
  readonly epsilon: number;
  readonly diversity: DiversityOptions;
  readonly sessionBoost: boolean;
}

const NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
const KNOWN_KEYS = new Set([
  'kind',
  'arms',
  'fallback',
  'k',
  'context',
  'prior',
  'maxPriorStrength',
  'decisionPriorStrength',
  'halfLifeMs',
  'rewards',
  'weights',
  'epsilon',
  'diversity',
  'session',
]);

function invalid(message: string, field: string): never {
  throw new CrowdbanditError('invalid_option', `${field}: ${message}`, field);
}

function number(
  value: unknown,
  field: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min || value > max) {
    invalid(`must be a number in [${min}, ${max}], got ${describeValue(value)}`, field);
  }
  return value;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    invalid(`must be a positive integer, got ${describeValue(value)}`, field);
  }
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    invalid(`must be true or false, got ${describeValue(value)}`, field);
  return value;
}

/** Checks a decision's configuration and fills in defaults; throws naming the bad field. */
export function resolveDecision(name: string, config: DecisionConfig): ResolvedDecision {
  const at = `decisions.${name}`;
  if (!NAME.test(name))
    invalid('a decision name is 1–64 letters, digits, _ . - starting with a letter or digit', at);
  if (typeof config !== 'object' || config === null)
    invalid(`must be an object, got ${describeValue(config)}`, at);
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) invalid(`unknown option ${JSON.stringify(key)}`, `${at}.${key}`);
  }
  if (config.kind !== 'rank' && config.kind !== 'choose') {
    invalid(`kind must be 'rank' or 'choose', got ${describeValue(config.kind)}`, `${at}.kind`);
  }
  let arms: readonly string[] = [];
  let fallback: string | null = null;
  if (config.kind === 'choose') {
    if (!Array.isArray(config.arms) || config.arms.length === 0 || config.arms.length > 64) {
      invalid('a choose decision needs 1–64 arms', `${at}.arms`);
    }
    arms = config.arms.map((arm, i) => {
      if (typeof arm !== 'string' || !NAME.test(arm)) {
        invalid(
          `must be 1–64 letters, digits, _ . -, got ${describeValue(arm)}`,
          `${at}.arms[${i}]`,
        );
      }
      return arm;
    });
    if (new Set(arms).size !== arms.length) invalid('arm ids must be unique', `${at}.arms`);
    fallback = config.fallback ?? arms[0]!;
    if (!arms.includes(fallback))
      invalid(`must be one of the arms, got ${describeValue(fallback)}`, `${at}.fallback`);
  } else if (config.arms !== undefined || config.fallback !== undefined) {
    invalid(
      'arms and fallback belong to choose decisions; a rank decision takes its items per call',
      `${at}.arms`,
    );
  }
  const context = config.context ?? [];
  if (!Array.isArray(context) || context.some((f) => typeof f !== 'string' || !NAME.test(f))) {
    invalid(
      `must be an array of feature names such as ${BUILT_IN_FEATURES.join(', ')}`,
      `${at}.context`,
    );
  }
  if (new Set(context).size !== context.length) invalid('features must be unique', `${at}.context`);
  const prior = config.prior ?? UNIFORM_PRIOR;
  number(prior.alpha, `${at}.prior.alpha`, Number.MIN_VALUE, 1e9);
  number(prior.beta, `${at}.prior.beta`, Number.MIN_VALUE, 1e9);
  const weights = config.weights ?? { relevance: 0.6, bandit: 0.4 };
  number(weights.relevance, `${at}.weights.relevance`, 0, 1e6);
  number(weights.bandit, `${at}.weights.bandit`, 0, 1e6);
  const diversity = config.diversity ?? {};
  if (diversity.mmr !== undefined) number(diversity.mmr.lambda, `${at}.diversity.mmr.lambda`, 0, 1);
  if (diversity.caps !== undefined) {
    for (const [family, cap] of Object.entries(diversity.caps))
      positiveInt(cap, `${at}.diversity.caps.${family}`);
  }
  if (diversity.popularityDampening !== undefined) {
    number(diversity.popularityDampening, `${at}.diversity.popularityDampening`, 0, 1e6);
  }
  if (diversity.longTail !== undefined) {
    number(diversity.longTail.maxPopularity, `${at}.diversity.longTail.maxPopularity`, 0);
    number(diversity.longTail.bonus, `${at}.diversity.longTail.bonus`, 0, 1e6);
  }
  return {
    name,
    kind: config.kind,
    arms,
    armSet: new Set(arms),
    fallback,
    k:
      config.k === undefined ? (config.kind === 'rank' ? 20 : 3) : positiveInt(config.k, `${at}.k`),
    context,
    prior,
    maxPriorStrength: number(config.maxPriorStrength ?? 100, `${at}.maxPriorStrength`, 0),
    decisionPriorStrength: number(
      config.decisionPriorStrength ?? 20,
      `${at}.decisionPriorStrength`,
      0,
    ),
    halfLifeMs: number(
      config.halfLifeMs ?? Number.POSITIVE_INFINITY,
      `${at}.halfLifeMs`,
      Number.MIN_VALUE,
    ),
    rewards: resolveRewards(config.rewards, `${at}.rewards`),
    weights,
    epsilon: number(config.epsilon ?? 0, `${at}.epsilon`, 0, 1),
    diversity,
    sessionBoost: config.session === undefined ? true : bool(config.session, `${at}.session`),
  };
}
