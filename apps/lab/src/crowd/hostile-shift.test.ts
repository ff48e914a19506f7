import { describe, expect, it } from 'vitest';
import { maxIdsPerWindow, shiftPoints, singleClientShift, sybilShift } from './hostile-shift.ts';

describe('hostile shifts on a mature arm (2,000 events at 50%)', () => {
  it('moves it by W / (2 · (2000 + W)) when one client sends W successes', () => {
    expect(singleClientShift(5)).toBeCloseTo((100 * 5) / 4010, 3);
    expect(singleClientShift(10)).toBeCloseTo((100 * 10) / 4020, 3);
    expect(singleClientShift(10)).toBeLessThanOrEqual(0.25);
    expect(singleClientShift(20)).toBeGreaterThan(0.25);
  });

  it('counts a client sending far more than W as W', () => {
    expect(shiftPoints(10, 1, 1000)).toBeCloseTo(shiftPoints(10, 1, 10), 9);
  });

  it('lets an unbounded client move it by its hourly 100 and 500 identities to 98%', () => {
    expect(singleClientShift(Infinity)).toBeCloseTo(2.38, 2);
    expect(50 + sybilShift(Infinity, 5)).toBeCloseTo(98.1, 1);
  });

  it('finds the most identities per hour that keep 500 made-up ones within 1 point', () => {
    expect(maxIdsPerWindow(10)).toBe(4);
    expect(maxIdsPerWindow(5)).toBe(8);
    expect(sybilShift(10, 4)).toBeLessThanOrEqual(1);
    expect(sybilShift(10, 5)).toBeGreaterThan(1);
    expect(maxIdsPerWindow(Infinity)).toBeNull();
  });
});
