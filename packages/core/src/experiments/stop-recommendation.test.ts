import { describe, expect, it } from 'vitest';
import { isCrowdbanditError } from '../errors.ts';
import type { Counts } from '../prior.ts';
import { stopRecommendation } from './stop-recommendation.ts';

describe('stopRecommendation', () => {
  it('stops for a variant whose confidence sequence lies above 0', () => {
    expect(stopRecommendation({ s: 500, f: 9500 }, [{ s: 640, f: 9360 }])).toEqual({
      stop: true,
      reason: 'interval-excludes-zero',
      leader: 1,
    });
  });

  it('stops for the control when every variant lies below it', () => {
    expect(
      stopRecommendation({ s: 640, f: 9360 }, [
        { s: 500, f: 9500 },
        { s: 480, f: 9520 },
      ]),
    ).toEqual({ stop: true, reason: 'interval-excludes-zero', leader: 0 });
  });

  it('stops when the arms are too close to matter: the expected loss is below 1% of the baseline', () => {
    expect(stopRecommendation({ s: 5000, f: 95_000 }, [{ s: 5010, f: 94_990 }])).toEqual({
      stop: true,
      reason: 'loss-below-threshold',
      leader: 1,
    });
  });

  it('keeps going while the result is open', () => {
    expect(stopRecommendation({ s: 50, f: 950 }, [{ s: 60, f: 940 }])).toEqual({
      stop: false,
      reason: null,
      leader: 1,
    });
  });

  it('never stops before every arm has the minimum number of users', () => {
    const control = { s: 0, f: 99 };
    const variants = [{ s: 60, f: 40 }];
    expect(stopRecommendation(control, variants).stop).toBe(false);
    expect(stopRecommendation(control, variants, { minUsers: 50 }).stop).toBe(true);
  });

  it('splits alpha over the variants (Bonferroni), so more variants need more evidence', () => {
    const control = { s: 500, f: 9500 };
    const winner = { s: 620, f: 9380 };
    const options = { lossThreshold: 1e-9 };
    expect(stopRecommendation(control, [winner], options).stop).toBe(true);
    const many: Counts[] = [winner, ...Array.from({ length: 9 }, () => ({ s: 500, f: 9500 }))];
    expect(stopRecommendation(control, many, options)).toEqual({
      stop: false,
      reason: null,
      leader: 1,
    });
  });

  it('honours an explicit loss threshold', () => {
    const control = { s: 50, f: 950 };
    const variants = [{ s: 60, f: 940 }];
    expect(stopRecommendation(control, variants, { lossThreshold: 0.01 }).reason).toBe(
      'loss-below-threshold',
    );
  });

  it('refuses no variants, mismatched weights and bad counts, naming the field', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isCrowdbanditError(error) ? error.field : 'not a CrowdbanditError';
      }
      return 'no error';
    };
    const arm = { s: 1, f: 1 };
    expect(fieldOf(() => stopRecommendation(arm, []))).toBe('variants');
    expect(fieldOf(() => stopRecommendation(arm, [arm], { weights: [1, 1, 1] }))).toBe('weights');
    expect(fieldOf(() => stopRecommendation(arm, [{ s: 1, f: -1 }]))).toBe('variants[0].f');
    expect(fieldOf(() => stopRecommendation(arm, [arm], { lossThreshold: 0 }))).toBe(
      'lossThreshold',
    );
  });
});
