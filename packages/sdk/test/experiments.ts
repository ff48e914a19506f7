// Test helper: experiments as the edge serves them.
import type { Experiment } from '@crowdbandit/protocol/client';

/** A running two-variation experiment on the client id; override any field. */
export function experiment(over: Partial<Experiment> = {}): Experiment {
  return {
    key: 'rollout',
    variations: [{ key: 'control' }, { key: 'treatment', value: 'B' }],
    weights: [0.5, 0.5],
    coverage: 1,
    hashAttribute: 'clientId',
    hashVersion: 2,
    metrics: ['purchase'],
    status: 'running',
    phase: 1,
    seed: 'seed-1',
    ...over,
  };
}

/** A policy experiment on `decision`: everyone in `policy`'s variation. */
export function policyExperiment(
  decision: string,
  policy: 'baseline' | 'learner',
  over: Partial<Experiment> = {},
): Experiment {
  return experiment({
    key: 'policy-rollout',
    decision,
    variations: [
      { key: 'baseline', policy: 'baseline' },
      { key: 'learner', policy: 'learner' },
    ],
    weights: policy === 'baseline' ? [1, 0] : [0, 1],
    metrics: [],
    ...over,
  });
}
