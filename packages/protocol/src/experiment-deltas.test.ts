import { describe, expect, it } from 'vitest';
import { experimentDelta, isExperimentDecision, readExperimentDelta } from './experiment-deltas.ts';

describe('experiment counts as deltas', () => {
  it('round-trips an exposure and a conversion', () => {
    const exposure = {
      experiment: 'learner-rollout',
      phase: 2,
      variation: 1,
      metric: null,
      value: 1,
    };
    const conversion = { ...exposure, metric: 'like', value: 0.75 };
    expect(experimentDelta(exposure)).toEqual({
      decision: '$exp/learner-rollout',
      context: '2',
      arm: '1',
      s: 1,
      f: 0,
    });
    expect(readExperimentDelta(experimentDelta(exposure))).toEqual({ ok: true, count: exposure });
    expect(readExperimentDelta(experimentDelta(conversion))).toEqual({
      ok: true,
      count: conversion,
    });
    expect(isExperimentDecision('$exp/learner-rollout')).toBe(true);
    expect(isExperimentDecision('home-feed')).toBe(false);
  });

  it.each([
    ['decision', { decision: '$exp/a b', context: '1', arm: '0', s: 1, f: 0 }],
    ['decision', { decision: 'home-feed', context: '1', arm: '0', s: 1, f: 0 }],
    ['context', { decision: '$exp/x', context: 'evening', arm: '0', s: 1, f: 0 }],
    ['context', { decision: '$exp/x', context: '01', arm: '0', s: 1, f: 0 }],
    ['arm', { decision: '$exp/x', context: '1', arm: 'a', s: 1, f: 0 }],
    ['arm', { decision: '$exp/x', context: '1', arm: '0/', s: 1, f: 0 }],
    ['f', { decision: '$exp/x', context: '1', arm: '0', s: 1, f: 1 }],
  ])('says what is wrong with a malformed %s', (field, delta) => {
    const read = readExperimentDelta(delta);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.field).toBe(field);
  });
});
