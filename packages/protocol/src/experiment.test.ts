import { describe, expect, it } from 'vitest';
import { decodeWith } from './decode-with.ts';
import { installEnglishMessages } from './english-messages.ts';
import { ExperimentChangeSchema, ExperimentDefinitionSchema } from './experiment.ts';

installEnglishMessages();

const rollout = {
  key: 'learner-rollout',
  decision: 'home-feed',
  coverage: 0.5,
  variations: [
    { key: 'baseline', policy: 'baseline' },
    { key: 'learner', policy: 'learner' },
  ],
  metrics: ['like'],
};

const firstIssue = (value: unknown) => {
  const result = decodeWith(ExperimentDefinitionSchema, value);
  return result.ok ? undefined : result.error.issues[0];
};

describe('ExperimentDefinitionSchema', () => {
  it('accepts a policy experiment and a flag experiment', () => {
    expect(firstIssue(rollout)).toBeUndefined();
    expect(
      firstIssue({
        key: 'cta',
        variations: [
          { key: 'a', value: 'Buy' },
          { key: 'b', value: 'Get' },
        ],
      }),
    ).toBeUndefined();
  });

  it.each([
    ['a key with a space', { ...rollout, key: 'my test' }, 'key', /A-Z a-z 0-9/],
    ['one variation', { ...rollout, variations: [rollout.variations[0]] }, 'variations', /2/],
    [
      'a repeated variation key',
      { ...rollout, variations: [rollout.variations[0], rollout.variations[0]] },
      'variations.1.key',
      /appears twice/,
    ],
    [
      'a policy experiment without a policy',
      { ...rollout, variations: [{ key: 'a' }, { key: 'b', policy: 'learner' }] },
      'variations.0.policy',
      /needs a policy/,
    ],
    ['weights of the wrong count', { ...rollout, weights: [1] }, 'weights', /2/],
    [
      'weights of another count',
      { ...rollout, weights: [0.2, 0.3, 0.5] },
      'weights',
      /expected 2 weights/,
    ],
    ['weights not summing to 1', { ...rollout, weights: [0.5, 0.4] }, 'weights', /sum to 1/],
    ['coverage above 1', { ...rollout, coverage: 1.2 }, 'coverage', /1/],
    [
      'an empty namespace range',
      { ...rollout, namespace: ['feed', 0.6, 0.2] },
      'namespace.2',
      /start < end/,
    ],
    ['an unknown field', { ...rollout, traffic: 0.5 }, '', /traffic/],
  ])('refuses %s, naming the field', (_, value, path, message) => {
    const issue = firstIssue(value);
    expect(issue?.path).toBe(path);
    expect(issue?.message).toMatch(message);
  });
});

describe('ExperimentChangeSchema', () => {
  it('needs coverage or weights', () => {
    expect(decodeWith(ExperimentChangeSchema, { coverage: 1 }).ok).toBe(true);
    const empty = decodeWith(ExperimentChangeSchema, {});
    expect(empty.ok ? '' : empty.error.message).toMatch(/coverage, weights or both/);
  });
});
