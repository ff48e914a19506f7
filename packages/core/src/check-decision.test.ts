import { describe, expect, it } from 'vitest';
import { checkDecision } from './check-decision.ts';
import { type DecisionConfig, resolveDecision } from './decision.ts';
import { isCrowdbanditError } from './errors.ts';

// [what is wrong, config, field, message]
const BAD: ReadonlyArray<readonly [string, unknown, string, string]> = [
  ['no object', 'rank', 'decisions.d', 'decisions.d: must be an object, got "rank"'],
  [
    'an unknown option',
    { kind: 'rank', colour: 'red' },
    'decisions.d.colour',
    'decisions.d.colour: unknown option (known: kind, arms, fallback, k, context, prior, maxPriorStrength, decisionPriorStrength, halfLifeMs, rewards, weights, epsilon, diversity, session)',
  ],
  [
    'no kind',
    {},
    'decisions.d.kind',
    "decisions.d.kind: must be 'rank' or 'choose', got undefined",
  ],
  [
    'an arm that is no name',
    { kind: 'choose', arms: ['a', 'b c'] },
    'decisions.d.arms[1]',
    'decisions.d.arms[1]: must be an arm id: 1–64 letters, digits, _ . -, got "b c"',
  ],
  [
    'arms on a rank decision',
    { kind: 'rank', arms: ['a'] },
    'decisions.d.arms',
    'decisions.d.arms: arms and fallback are for choose decisions only',
  ],
  [
    'a repeated context feature',
    { kind: 'rank', context: ['mood', 'mood'] },
    'decisions.d.context',
    'decisions.d.context: must not repeat "mood"',
  ],
  [
    'a prior without beta',
    { kind: 'rank', prior: { alpha: 2 } },
    'decisions.d.prior.beta',
    'decisions.d.prior.beta: must be a number in (0, 1000000000], got undefined',
  ],
  [
    'an MMR lambda above 1',
    { kind: 'rank', diversity: { mmr: { lambda: 2 } } },
    'decisions.d.diversity.mmr.lambda',
    'decisions.d.diversity.mmr.lambda: must be a number in [0, 1], got 2',
  ],
  [
    'a fractional cap',
    { kind: 'rank', diversity: { caps: { genre: 1.5 } } },
    'decisions.d.diversity.caps.genre',
    'decisions.d.diversity.caps.genre: must be a positive integer, got 1.5',
  ],
  [
    'a reward above 1',
    { kind: 'rank', rewards: { click: { r: 2 } } },
    'decisions.d.rewards.click.r',
    'decisions.d.rewards.click.r: must be a number in [0, 1], got 2',
  ],
  [
    'a reward for no event',
    { kind: 'rank', rewards: { share: { r: 1 } } },
    'decisions.d.rewards.share',
    'decisions.d.rewards.share: unknown option (known: like, dislike, click, bookmark, impression, rating, dwell)',
  ],
  [
    'a dwell target of 0',
    { kind: 'rank', rewards: { dwell: { targetMs: 0 } } },
    'decisions.d.rewards.dwell.targetMs',
    'decisions.d.rewards.dwell.targetMs: must be a finite number > 0, got 0',
  ],
  [
    'a misspelt prior field',
    { kind: 'rank', prior: { alpah: 2, beta: 1 } },
    'decisions.d.prior.alpah',
    'decisions.d.prior.alpah: unknown option (known: alpha, beta)',
  ],
  [
    'a reward that is no object',
    { kind: 'rank', rewards: { like: 5 } },
    'decisions.d.rewards.like',
    'decisions.d.rewards.like: must be an object, got 5',
  ],
  [
    'caps of null (ranking would fail on them)',
    { kind: 'rank', diversity: { caps: null } },
    'decisions.d.diversity.caps',
    'decisions.d.diversity.caps: must be an object, got null',
  ],
  [
    'no arms in the list',
    { kind: 'choose', arms: [] },
    'decisions.d.arms',
    'decisions.d.arms: must be an array of 1–64 items, got an array of 0',
  ],
  [
    'a fallback that is no arm',
    { kind: 'choose', arms: ['a'], fallback: 'b' },
    'decisions.d.fallback',
    'decisions.d.fallback: must be one of the arms, got "b"',
  ],
  [
    'a prior strength ceiling of 0',
    { kind: 'rank', maxPriorStrength: 0 },
    'decisions.d.maxPriorStrength',
    'decisions.d.maxPriorStrength: must be a number in (0, Infinity], got 0',
  ],
  [
    'session boosting of no boolean',
    { kind: 'rank', session: 'on' },
    'decisions.d.session',
    'decisions.d.session: must be true or false, got "on"',
  ],
];

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkDecision', () => {
  it.each(BAD)('refuses %s, naming the field', (_, config, field, message) => {
    const error = caught(() => checkDecision('d', config as DecisionConfig));
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_option', field, message });
  });

  it.each(BAD)('is what resolveDecision checks: %s', (_, config, field, message) => {
    expect(caught(() => resolveDecision('d', config as DecisionConfig))).toMatchObject({
      field,
      message,
    });
  });

  it.each(['$exp/home-feed', '$feed'])(
    'refuses the reserved decision name %s, saying why',
    (decision) => {
      const error = caught(() => checkDecision(decision, { kind: 'rank' }));
      expect(isCrowdbanditError(error)).toBe(true);
      expect(error).toMatchObject({
        code: 'invalid_option',
        field: `decisions.${decision}`,
        message: `decisions.${decision}: names starting with '$' are reserved for the SDK ('$exp/' carries experiment counts): rename the decision`,
      });
    },
  );

  it('accepts a full configuration of either kind', () => {
    expect(() =>
      checkDecision('home-feed', {
        kind: 'rank',
        k: 10,
        context: ['timeOfDay'],
        prior: { alpha: 2, beta: 8 },
        halfLifeMs: 86_400_000,
        maxPriorStrength: 500,
        rewards: { impression: { w: 0 }, rating: { neutral: null } },
        weights: { relevance: 0.5, bandit: 0.5 },
        epsilon: 0.1,
        diversity: {
          mmr: { lambda: 0.7 },
          caps: { genre: 3 },
          popularityDampening: 0.2,
          longTail: { maxPopularity: 100, bonus: 0.05 },
        },
        session: false,
      }),
    ).not.toThrow();
    expect(() =>
      checkDecision('defaults', {
        kind: 'rank',
        context: null,
        prior: null,
        weights: null,
        diversity: null,
        epsilon: null,
        maxPriorStrength: null,
        rewards: { like: null, rating: null, dwell: null },
      } as never),
    ).not.toThrow();
    expect(() =>
      checkDecision('strategy', { kind: 'choose', arms: ['a', 'b'], fallback: 'b' }),
    ).not.toThrow();
  });
});
