import { REWARDS } from './check-rewards.ts';
import { BUILT_IN_FEATURES } from './context-features.ts';
import type { DecisionConfig } from './decision.ts';
import {
  flag,
  listOf,
  mustBe,
  oneOf,
  orNull,
  positiveInt,
  range,
  recordOf,
  refuse,
  rule,
  shape,
} from './option-checks.ts';

/**
 * True for a name of a decision, an arm of a choose decision, a context feature or an app:
 * 1–64 letters, digits, _ . - starting with a letter or digit.
 *
 * @example
 * isName('home-feed'); // true
 * isName('a/b'); // false
 */
export const isName = (value: unknown): boolean =>
  typeof value === 'string' && /^[A-Za-z0-9][\w.-]{0,63}$/.test(value);

const name = (what: string) => rule(isName, `${what}: 1–64 letters, digits, _ . -`);

const INFINITY = Number.POSITIVE_INFINITY;

/**
 * Every option of a decision; what a kind requires is checked on its own. `null` stands for
 * the default wherever fillDecision and fillRewards read it so.
 */
const DECISION = shape(
  {
    kind: oneOf('rank', 'choose'),
    arms: listOf(name('an arm id'), 1, 64),
    fallback: rule((v) => typeof v === 'string', 'one of the arms'),
    k: positiveInt,
    context: orNull(listOf(name(`a feature such as ${BUILT_IN_FEATURES.join(', ')}`), 0, 64)),
    prior: orNull(
      shape({ alpha: range(Number.MIN_VALUE, 1e9), beta: range(Number.MIN_VALUE, 1e9) }, true),
    ),
    maxPriorStrength: orNull(range(Number.MIN_VALUE, INFINITY)),
    decisionPriorStrength: orNull(range(0, INFINITY)),
    halfLifeMs: orNull(range(Number.MIN_VALUE, INFINITY)),
    rewards: REWARDS,
    weights: orNull(shape({ relevance: range(0, 1e6), bandit: range(0, 1e6) }, true)),
    epsilon: orNull(range(0, 1)),
    diversity: orNull(
      shape({
        mmr: shape({ lambda: range(0, 1) }, true),
        caps: recordOf(positiveInt),
        popularityDampening: range(0, 1e6),
        longTail: shape({ maxPopularity: range(0, INFINITY), bonus: range(0, 1e6) }, true),
      }),
    ),
    session: flag,
  },
  ['kind'],
);

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
export function checkDecision(decision: string, config: DecisionConfig): void {
  const at = `decisions.${decision}`;
  if (decision.startsWith('$')) {
    refuse(
      at,
      "names starting with '$' are reserved for the SDK ('$exp/' carries experiment counts): rename the decision",
    );
  }
  if (!isName(decision)) {
    refuse(at, 'a decision name is 1–64 letters, digits, _ . - starting with a letter or digit');
  }
  DECISION(config, at);
  const { kind, arms, fallback } = config;
  if (kind === 'rank' && (arms !== undefined || fallback !== undefined)) {
    refuse(`${at}.arms`, 'arms and fallback are for choose decisions only');
  }
  if (kind === 'choose') {
    if (arms === undefined) refuse(`${at}.arms`, 'a choose decision needs 1–64 arms');
    if (fallback !== undefined)
      mustBe(arms.includes(fallback), `${at}.fallback`, 'one of the arms', fallback);
  }
}
