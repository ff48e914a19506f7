import { describe, expect, it } from 'vitest';
import { retryDelay } from './backoff.ts';

const policy = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelay', () => {
  it.each([
    [0, 0.5, 500],
    [1, 0.5, 1000],
    [3, 0.999, 7992],
    [10, 0.5, 30_000],
    [200, 0.5, 30_000],
  ])('after attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelay(attempt, policy, () => random)).toBe(expected);
  });

  it('spreads delays over the whole window (full jitter)', () => {
    expect(retryDelay(4, policy, () => 0)).toBe(0);
    expect(retryDelay(4, policy, () => 0.9999)).toBe(15_998);
  });

  it('never waits less than the server asked for', () => {
    expect(retryDelay(0, policy, () => 0.1, 5000)).toBe(5000);
    expect(retryDelay(5, policy, () => 0.9, 5000)).toBe(28_800);
  });
});
