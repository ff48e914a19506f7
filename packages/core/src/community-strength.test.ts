import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/community-strength.json' with { type: 'json' };
import { DEFAULT_PRIOR_STRENGTH, decisionKappaOf } from './community-strength.ts';
import { createEngine } from './create-engine.ts';
import type { DecisionConfig } from './decision.ts';

type Published = { value: number; source: 'estimate' | 'ceiling' | 'fallback'; arm?: number };

function engineWith(maxPriorStrength: number | null) {
  const feed: DecisionConfig = {
    kind: 'rank',
    ...(maxPriorStrength === null ? {} : { maxPriorStrength }),
  };
  return createEngine({ decisions: { feed }, seed: 1, now: () => 0 });
}

describe('community prior strength', () => {
  it.each(vectors.cases)('$name', ({ totals, own, kappa, maxPriorStrength, expected }) => {
    const engine = engineWith(maxPriorStrength);
    const published = kappa as Published | null;
    engine.setCommunity(
      { feed: { '': { m1: [totals[0]!, totals[1]!] } } },
      own === null ? undefined : new Map([['feed//m1', { s: own[0]!, f: own[1]! }]]),
      published === null
        ? undefined
        : {
            feed: {
              value: published.value,
              source: published.source,
              ...(published.arm === undefined ? {} : { arms: { '': { m1: published.arm } } }),
            },
          },
    );
    const p = engine.posterior('feed', 'm1');
    expect(p.prior).toBe('community');
    expect(p.alpha).toBeCloseTo(expected.alpha, 9);
    expect(p.beta).toBeCloseTo(expected.beta, 9);
    const { alpha: _a, beta: _b, ...strength } = expected;
    expect(p.community).toEqual(strength);
  });

  it("keeps an arm's own κ to its context and arm", () => {
    const engine = createEngine({
      decisions: { moody: { kind: 'rank', context: ['mood'] } },
      seed: 1,
      now: () => 0,
    });
    const totals = { m1: [500, 500], m2: [500, 500] } as const;
    engine.setCommunity({ moody: { 'mood=calm': totals, 'mood=wild': totals } }, undefined, {
      moody: { value: 300, source: 'estimate', arms: { 'mood=wild': { m1: 6 } } },
    });
    const kappa = (arm: string, mood: string) =>
      engine.posterior('moody', arm, { mood }).community?.kappa;
    expect(kappa('m1', 'wild')).toEqual({ value: 6, source: 'arm' });
    expect(kappa('m2', 'wild')).toEqual({ value: 300, source: 'estimate' });
    expect(kappa('m1', 'calm')).toEqual({ value: 300, source: 'estimate' });
  });

  it('applies κ per decision, the default where a decision has none', () => {
    const engine = createEngine({
      decisions: { feed: { kind: 'rank' }, other: { kind: 'rank' } },
      seed: 1,
      now: () => 0,
    });
    const totals = { '': { m1: [9000, 1000] } } as const;
    engine.setCommunity({ feed: totals, other: totals }, undefined, {
      feed: { value: 2000, source: 'ceiling' },
    });
    expect(engine.posterior('feed', 'm1').community?.strength).toBe(2000);
    expect(engine.posterior('other', 'm1').community).toMatchObject({
      strength: DEFAULT_PRIOR_STRENGTH,
      kappa: { value: DEFAULT_PRIOR_STRENGTH, source: 'default' },
    });
  });

  it('ignores a κ that is not a positive number', () => {
    expect(decisionKappaOf({ value: 0, source: 'estimate' })).toEqual({
      value: DEFAULT_PRIOR_STRENGTH,
      source: 'default',
    });
    expect(decisionKappaOf({ value: Number.NaN, source: 'estimate' }).source).toBe('default');
    const engine = engineWith(null);
    engine.setCommunity({ feed: { '': { m1: [500, 500] } } }, undefined, {
      feed: { value: 50, source: 'estimate', arms: { '': { m1: -3 } } },
    });
    expect(engine.posterior('feed', 'm1').community?.kappa).toEqual({
      value: 50,
      source: 'estimate',
    });
  });

  it('says nothing of κ for a prior that is not the community one', () => {
    const engine = engineWith(null);
    engine.feedback('feed', 'm1', 'like');
    expect(engine.posterior('feed', 'm1')).toMatchObject({ prior: 'base', community: null });
    engine.setCommunity({ feed: { '': { m1: [3, 1] } } }, undefined, {
      feed: { value: 50, source: 'estimate' },
    });
    expect(engine.posterior('feed', 'm1').community).not.toBeNull();
    // A snapshot without the arm takes its community prior and its explanation away.
    engine.setCommunity({ feed: { '': {} } });
    expect(engine.posterior('feed', 'm1')).toMatchObject({ prior: 'base', community: null });
  });

  it('explains ranked items and chosen arms with the same strength as their posterior', () => {
    const engine = createEngine({
      decisions: {
        feed: { kind: 'rank', maxPriorStrength: 30 },
        strategy: { kind: 'choose', arms: ['popular', 'gems'] },
      },
      seed: 3,
      now: () => 0,
    });
    engine.setCommunity(
      {
        feed: { '': { m1: [400, 600] } },
        strategy: { '': { popular: [70, 30] } },
      },
      undefined,
      {
        feed: { value: 120, source: 'estimate' },
        strategy: { value: 8, source: 'fallback' },
      },
    );
    const ranked = engine.rank('feed', [{ id: 'm1' }, { id: 'm2' }], { k: 2 });
    const byId = new Map(ranked.map((r) => [r.id, r.explanation]));
    expect(byId.get('m1')?.community).toEqual({
      strength: 30,
      evidence: 1000,
      kappa: { value: 120, source: 'estimate' },
      capped: true,
    });
    expect(byId.get('m1')?.community).toEqual(engine.posterior('feed', 'm1').community);
    expect(byId.get('m2')?.community).toBeNull();
    const arms = new Map(engine.choose('strategy', { k: 2 }).arms.map((a) => [a.id, a]));
    expect(arms.get('popular')?.community).toEqual({
      strength: 8,
      evidence: 100,
      kappa: { value: 8, source: 'fallback' },
      capped: false,
    });
    expect(arms.get('gems')?.community).toBeNull();
    const fallback = engine.choose('strategy', { available: [] });
    expect(fallback.arms[0]?.community?.kappa.source).toBe('fallback');
  });
});
