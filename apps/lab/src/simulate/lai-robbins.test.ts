import { describe, expect, it } from 'vitest';
import { bernoulliKl, laiRobbinsConstant, regretPerDecade } from './lai-robbins.ts';

describe('bernoulliKl', () => {
  it('matches the hand-computed divergence', () => {
    // 0.4 ln(0.4/0.5) + 0.6 ln(0.6/0.5) = −0.0892574 + 0.1093929 = 0.0201355
    expect(bernoulliKl(0.4, 0.5)).toBeCloseTo(0.0201355, 6);
    expect(bernoulliKl(0.5, 0.5)).toBe(0);
    expect(bernoulliKl(0, 0.5)).toBeCloseTo(Math.log(2), 12);
  });
});

describe('laiRobbinsConstant', () => {
  it('sums gap over divergence for the suboptimal arms only', () => {
    // Two arms at 0.4 below a best of 0.5: 2 × 0.1 / 0.0201355 = 9.9327.
    expect(laiRobbinsConstant([0.5, 0.4, 0.4])).toBeCloseTo(9.9327, 3);
    expect(laiRobbinsConstant([0.3, 0.3])).toBe(0);
  });
});

describe('regretPerDecade', () => {
  it('divides the regret added by the decades spanned', () => {
    expect(regretPerDecade([10, 100, 1000], [5, 20, 41], 100, 1000)).toBe(21);
    expect(regretPerDecade([10, 100, 1000], [5, 20, 41], 10, 1000)).toBe(18);
  });

  it('needs both ends to be checkpoints', () => {
    expect(() => regretPerDecade([10, 100], [1, 2], 10, 1000)).toThrow(/no checkpoint/);
  });
});
