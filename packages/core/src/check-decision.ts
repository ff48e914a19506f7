import { checkRewards } from './check-rewards.ts';
import { BUILT_IN_FEATURES } from './context-features.ts';
import type { DecisionConfig } from './decision.ts';
import { checkPositiveInt, checkRange, isRecord, mustBe, refuse } from './option-checks.ts';

/** Decision names, the arms of choose decisions and context features. */
const NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

const OPTIONS: readonly (keyof DecisionConfig)[] = [
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
];

const isName = (value: unknown) => typeof value === 'string' && NAME.test(value);

/**
 * Checks a decision's configuration; throws a CrowdbanditError (`invalid_option`) naming the
 * field to fix. These are all the checks of {@link resolveDecision}, without the defaults it
 * fills in (reward map, base prior), so an app's main thread can run them (the SDK's
 * `createClient` does) without bundling the engine.
 *
 * @example
 * checkDecision('home-feed', { kind: 'rank', k: 20 }); // fine
 * checkDecision('home-feed', { kind: 'rank', k: 0 }); // throws: decisions.home-feed.k: must be a positive integer, got 0
 */
export function checkDecision(name: string, config: DecisionConfig): void {
  const at = `decisions.${name}`;
  if (!NAME.test(name)) {
    refuse(at, 'a decision name is 1–64 letters, digits, _ . - starting with a letter or digit');
  }
  mustBe(isRecord(config), at, 'an object', config);
  for (const key of Object.keys(config)) {
    if (!OPTIONS.includes(key as keyof DecisionConfig)) {
      refuse(`${at}.${key}`, `unknown option ${JSON.stringify(key)}`);
    }
  }
  const { kind, arms, fallback } = config;
  mustBe(kind === 'rank' || kind === 'choose', `${at}.kind`, "'rank' or 'choose'", kind);
  if (kind === 'choose') {
    if (!Array.isArray(arms) || arms.length === 0 || arms.length > 64) {
      refuse(`${at}.arms`, 'a choose decision needs 1–64 arms');
    }
    arms.forEach((arm, i) => {
      mustBe(isName(arm), `${at}.arms[${i}]`, '1–64 letters, digits, _ . -', arm);
    });
    if (new Set(arms).size !== arms.length) refuse(`${at}.arms`, 'arm ids must be unique');
    if (fallback !== undefined) {
      mustBe(arms.includes(fallback), `${at}.fallback`, 'one of the arms', fallback);
    }
  } else if (arms !== undefined || fallback !== undefined) {
    refuse(
      `${at}.arms`,
      'arms and fallback belong to choose decisions; a rank decision takes its items per call',
    );
  }
  const context = config.context ?? [];
  mustBe(
    Array.isArray(context) && context.every(isName),
    `${at}.context`,
    `an array of feature names such as ${BUILT_IN_FEATURES.join(', ')}`,
    context,
  );
  if (new Set(context).size !== context.length) refuse(`${at}.context`, 'features must be unique');
  if (config.k !== undefined) checkPositiveInt(config.k, `${at}.k`);
  const { prior, weights, diversity } = config;
  if (prior != null) {
    checkRange(prior.alpha, `${at}.prior.alpha`, Number.MIN_VALUE, 1e9);
    checkRange(prior.beta, `${at}.prior.beta`, Number.MIN_VALUE, 1e9);
  }
  // [option, lowest, highest] of the plain numbers (null or undefined: the default).
  for (const [option, min, max] of [
    ['maxPriorStrength', 0, Number.POSITIVE_INFINITY],
    ['decisionPriorStrength', 0, Number.POSITIVE_INFINITY],
    ['halfLifeMs', Number.MIN_VALUE, Number.POSITIVE_INFINITY],
    ['epsilon', 0, 1],
  ] as const) {
    if (config[option] != null) checkRange(config[option], `${at}.${option}`, min, max);
  }
  checkRewards(config.rewards, `${at}.rewards`);
  if (weights != null) {
    checkRange(weights.relevance, `${at}.weights.relevance`, 0, 1e6);
    checkRange(weights.bandit, `${at}.weights.bandit`, 0, 1e6);
  }
  if (diversity != null) {
    const { mmr, caps, popularityDampening, longTail } = diversity;
    if (mmr !== undefined) checkRange(mmr.lambda, `${at}.diversity.mmr.lambda`, 0, 1);
    for (const [family, cap] of Object.entries(caps ?? {})) {
      checkPositiveInt(cap, `${at}.diversity.caps.${family}`);
    }
    if (popularityDampening !== undefined) {
      checkRange(popularityDampening, `${at}.diversity.popularityDampening`, 0, 1e6);
    }
    if (longTail !== undefined) {
      const field = `${at}.diversity.longTail`;
      checkRange(longTail.maxPopularity, `${field}.maxPopularity`, 0, Number.POSITIVE_INFINITY);
      checkRange(longTail.bonus, `${field}.bonus`, 0, 1e6);
    }
  }
  if (config.session !== undefined) {
    mustBe(typeof config.session === 'boolean', `${at}.session`, 'true or false', config.session);
  }
}
