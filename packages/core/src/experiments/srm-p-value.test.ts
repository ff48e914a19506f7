import { describe, expect, it } from 'vitest';
import { isCrowdbanditError } from '../errors.ts';
import { srmPValue } from './srm-p-value.ts';

function refusal(run: () => unknown): { field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    if (isCrowdbanditError(error)) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected a CrowdbanditError');
}

describe('srmPValue', () => {
  it('flags the sample ratio mismatch of Kohavi, Tang & Xu (2020, ch. 21): p ≈ 1.8e-6', () => {
    // 821,588 vs 815,482 users on a 50/50 split: χ² = 22.77 with 1 degree of freedom.
    expect(srmPValue([821_588, 815_482], [0.5, 0.5])).toBeCloseTo(1.82e-6, 8);
  });

  it('computes Pearson’s statistic against the normalised weights', () => {
    // χ² = 2 (30² / 5000) = 0.36; P(χ²₁ > 0.36) = erfc(√0.18) = 0.548506…
    expect(srmPValue([5_030, 4_970], [1, 1])).toBeCloseTo(0.5485062355, 9);
    // An uneven split read in any scale: 1:3 equals 0.25:0.75.
    expect(srmPValue([260, 740], [1, 3])).toBe(srmPValue([260, 740], [0.25, 0.75]));
    // Three arms, χ² = (10² + 0 + 10²) / 1000 = 0.2 on 2 degrees of freedom: e^{-0.1}.
    expect(srmPValue([1010, 1000, 990], [1, 1, 1])).toBeCloseTo(Math.exp(-0.1), 12);
  });

  it('gives 1 for a perfect split and for no users at all', () => {
    expect(srmPValue([500, 500], [1, 1])).toBe(1);
    expect(srmPValue([0, 0, 0], [1, 2, 3])).toBe(1);
  });

  it('refuses mismatched lengths, fewer than two arms, bad counts and bad weights', () => {
    expect(refusal(() => srmPValue([1, 2], [1, 1, 1])).field).toBe('expectedWeights');
    expect(refusal(() => srmPValue([1], [1])).field).toBe('observed');
    expect(refusal(() => srmPValue([1, -2], [1, 1])).field).toBe('observed[1]');
    expect(refusal(() => srmPValue([1, Number.NaN], [1, 1])).message).toMatch(/NaN/);
    expect(refusal(() => srmPValue([1, 2], [1, 0])).field).toBe('expectedWeights[1]');
  });
});
