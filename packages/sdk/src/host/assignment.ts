// Internal: which variation a user gets, GrowthBook's way (core's hashToUnit, bucketRanges,
// chooseVariation and inNamespace), from an experiment as the edge serves it. Pure: no
// storage, no clock.
import { bucketRanges, chooseVariation, hashToUnit, inNamespace } from '@crowdbandit/core';
import type { Experiment } from '@crowdbandit/protocol/client';
import type { Assignment } from '../client-types.ts';

/** The ids a user may be hashed by. */
export interface HashIds {
  /** The client's own id (without the edge's signature, so stable across signing). */
  readonly clientId: string;
  /** The app's user id, if it gave one. */
  readonly userId: string | null;
}

/**
 * The variation `experiment` gives a user. Not in the experiment (the result says why): an
 * unknown experiment (`value` null), a draft (the control), a stopped one (its winner, or the
 * control), a `userId` experiment without a user id, a user outside the namespace or the
 * coverage (the control).
 *
 * @example
 * assignVariation(snapshot.experiments['learner-rollout'], { clientId, userId: null });
 * // { variation: 1, key: 'learner', value: 'learner', inExperiment: true, hashValue: clientId, reason: 'assigned' }
 */
export function assignVariation(experiment: Experiment | undefined, ids: HashIds): Assignment {
  const hashValue = experiment?.hashAttribute === 'userId' ? (ids.userId ?? '') : ids.clientId;
  const give = (variation: number, reason: Assignment['reason']): Assignment => {
    const v = experiment?.variations[variation];
    return {
      variation,
      key: v?.key ?? null,
      value: v === undefined ? null : (v.value ?? v.key),
      inExperiment: reason === 'assigned',
      hashValue,
      reason,
    };
  };
  if (experiment === undefined) return give(0, 'unknown');
  if (experiment.status === 'draft') return give(0, 'draft');
  if (experiment.status === 'stopped') {
    const winner = experiment.winner ?? 0;
    return give(winner < experiment.variations.length ? winner : 0, 'stopped');
  }
  if (hashValue === '') return give(0, 'no-user-id');
  if (experiment.namespace !== undefined && !inNamespace(hashValue, experiment.namespace)) {
    return give(0, 'namespace');
  }
  const n = hashToUnit(experiment.seed, hashValue, experiment.hashVersion);
  const ranges = bucketRanges(
    experiment.variations.length,
    experiment.coverage,
    experiment.weights,
  );
  const variation = n === null ? -1 : chooseVariation(n, ranges);
  return variation === -1 ? give(0, 'coverage') : give(variation, 'assigned');
}
