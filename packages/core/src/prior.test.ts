import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/prior.json' with { type: 'json' };
import { communityPrior, fitDecisionPrior, UNIFORM_PRIOR } from './prior.ts';

describe('communityPrior', () => {
  it.each(vectors.cases)('$name', ({ base, community, own, maxStrength, expected }) => {
    const prior = communityPrior(base, community, own, maxStrength);
    if (expected === null) expect(prior).toBeNull();
    else {
      expect(prior!.alpha).toBeCloseTo(expected.alpha, 10);
      expect(prior!.beta).toBeCloseTo(expected.beta, 10);
    }
  });
});

describe('fitDecisionPrior', () => {
  const options = { maxStrength: 200, halfWeightArms: 5 };

  it('starts unseen items near the catalog typical rate, not at 50%', () => {
    const arms = Array.from({ length: 40 }, (_, i) => ({ s: 3 + (i % 5), f: 997 - (i % 5) }));
    const prior = fitDecisionPrior(arms, UNIFORM_PRIOR, options);
    const mean = prior.alpha / (prior.alpha + prior.beta);
    expect(mean).toBeGreaterThan(0.003);
    expect(mean).toBeLessThan(0.02);
  });

  it('is weaker when arm rates spread widely than when they agree', () => {
    const agree = Array.from({ length: 20 }, () => ({ s: 300, f: 700 }));
    const spread = Array.from({ length: 20 }, (_, i) => ({
      s: i % 2 === 0 ? 50 : 550,
      f: i % 2 === 0 ? 950 : 450,
    }));
    const strength = (p: { alpha: number; beta: number }) => p.alpha + p.beta;
    expect(strength(fitDecisionPrior(spread, UNIFORM_PRIOR, options))).toBeLessThan(
      strength(fitDecisionPrior(agree, UNIFORM_PRIOR, options)),
    );
    expect(strength(fitDecisionPrior(agree, UNIFORM_PRIOR, options))).toBeLessThanOrEqual(200 + 2);
  });

  it('falls back to the base prior with fewer than two known arms', () => {
    expect(fitDecisionPrior([{ s: 5, f: 5 }], UNIFORM_PRIOR, options)).toBe(UNIFORM_PRIOR);
    expect(
      fitDecisionPrior(
        [
          { s: 0, f: 0 },
          { s: 0, f: 0 },
        ],
        UNIFORM_PRIOR,
        options,
      ),
    ).toBe(UNIFORM_PRIOR);
  });

  it('leans on the base prior when few arms are known', () => {
    const few = fitDecisionPrior(
      [
        { s: 1, f: 99 },
        { s: 2, f: 98 },
      ],
      UNIFORM_PRIOR,
      options,
    );
    const many = fitDecisionPrior(
      Array.from({ length: 50 }, (_, i) => ({ s: 1 + (i % 2), f: 99 - (i % 2) })),
      UNIFORM_PRIOR,
      options,
    );
    const mean = (p: { alpha: number; beta: number }) => p.alpha / (p.alpha + p.beta);
    expect(Math.abs(mean(many) - 0.015)).toBeLessThan(Math.abs(mean(few) - 0.015));
  });
});
