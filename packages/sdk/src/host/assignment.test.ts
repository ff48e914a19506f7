import { EXPERIMENT_KEY } from '@crowdbandit/protocol';
import { GrowthBook } from '@growthbook/growthbook';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { experiment } from '../../test/experiments.ts';
import { assignVariation } from './assignment.ts';
import { KEY } from './experiments.ts';

const ids = (clientId: string, userId: string | null = null) => ({ clientId, userId });

describe('assignVariation', () => {
  it('puts every user where GrowthBook 1.8.0 puts them (seed, coverage, weights, namespace)', () => {
    const weights = fc
      .array(fc.integer({ min: 1, max: 50 }), { minLength: 2, maxLength: 4 })
      .map((raw) => raw.map((w) => w / raw.reduce((a, b) => a + b, 0)));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 24 }),
        fc.string({ minLength: 1, maxLength: 12 }).map((s) => `seed-${s}`),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        weights,
        fc.option(fc.double({ min: 0, max: 0.5, noNaN: true }), { nil: undefined }),
        (user, seed, coverage, w, start) => {
          const namespace: [string, number, number] | undefined =
            start === undefined ? undefined : ['ns', start, start + 0.5];
          const ours = assignVariation(
            experiment({
              seed,
              coverage,
              weights: w,
              variations: w.map((_, i) => ({ key: `v${i}` })),
              ...(namespace ? { namespace } : {}),
            }),
            ids(user),
          );
          const gb = new GrowthBook({ attributes: { id: user } }).run({
            key: 'rollout',
            seed,
            hashVersion: 2,
            coverage,
            weights: w,
            variations: w.map((_, i) => i) as [number, number, ...number[]],
            ...(namespace ? { namespace } : {}),
          });
          expect(ours.inExperiment).toBe(gb.inExperiment);
          expect(ours.variation).toBe(gb.inExperiment ? gb.variationId : 0);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives a user the same variation every time, and the value defaults to the key', () => {
    const first = assignVariation(experiment(), ids('client-a'));
    for (let i = 0; i < 5; i++)
      expect(assignVariation(experiment(), ids('client-a'))).toEqual(first);
    expect(first.inExperiment).toBe(true);
    expect(first.value).toBe(first.variation === 1 ? 'B' : 'control');
    expect(first.hashValue).toBe('client-a');
  });

  it('gives the control, not counted, to an unknown, draft or uncovered experiment', () => {
    expect(assignVariation(undefined, ids('c'))).toEqual({
      variation: 0,
      key: null,
      value: null,
      inExperiment: false,
      hashValue: 'c',
      reason: 'unknown',
    });
    expect(assignVariation(experiment({ status: 'draft' }), ids('c'))).toMatchObject({
      variation: 0,
      value: 'control',
      inExperiment: false,
      reason: 'draft',
    });
    expect(assignVariation(experiment({ coverage: 0 }), ids('c'))).toMatchObject({
      variation: 0,
      inExperiment: false,
      reason: 'coverage',
    });
  });

  it("gives a stopped experiment's winner (or the control) to everyone, not counted", () => {
    expect(assignVariation(experiment({ status: 'stopped', winner: 1 }), ids('c'))).toMatchObject({
      variation: 1,
      value: 'B',
      inExperiment: false,
      reason: 'stopped',
    });
    expect(assignVariation(experiment({ status: 'stopped' }), ids('c'))).toMatchObject({
      variation: 0,
      reason: 'stopped',
    });
  });

  it('hashes the user id for a userId experiment, and leaves a user without one out', () => {
    const byUser = experiment({ hashAttribute: 'userId' });
    const a = assignVariation(byUser, ids('device-1', 'user-7'));
    const b = assignVariation(byUser, ids('device-2', 'user-7'));
    expect(a).toEqual(b);
    expect(a.hashValue).toBe('user-7');
    expect(assignVariation(byUser, ids('device-1'))).toMatchObject({
      variation: 0,
      inExperiment: false,
      hashValue: '',
      reason: 'no-user-id',
    });
  });

  it('never moves an assigned user when the coverage rises', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (user, low) => {
          const before = assignVariation(experiment({ coverage: low }), ids(user));
          const after = assignVariation(experiment({ coverage: 1 }), ids(user));
          if (before.inExperiment) expect(after.variation).toBe(before.variation);
        },
      ),
    );
  });

  it("checks keys with the protocol's own rule", () => {
    expect(KEY.source).toBe(EXPERIMENT_KEY.source);
    expect(KEY.flags).toBe(EXPERIMENT_KEY.flags);
  });
});
