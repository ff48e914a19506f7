import { createRng } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { bootstrapRows, type ReplayLog, replayPass } from './replay-run.ts';

// A uniformly random log over 4 items: item 0 is always clicked, the others never.
function log(rows: number): ReplayLog {
  const rng = createRng(1);
  const item = Int32Array.from({ length: rows }, () => Math.floor(rng() * 4));
  return {
    items: 4,
    item,
    click: Uint8Array.from(item, (i) => (i === 0 ? 1 : 0)),
    propensity: new Float64Array(rows).fill(1 / 4),
  };
}

describe('replayPass', () => {
  const data = log(8000);
  const all = bootstrapRows(8000, 0, 1);
  const logMean = data.click.reduce((s, c) => s + c, 0) / 8000;

  it('estimates the uniform policy at the log mean, IPS and SNIPS exactly', () => {
    const e = replayPass(data, { id: 'r', label: 'random', policy: 'random' }, all, 3);
    expect(e.ips).toBeCloseTo(logMean, 12);
    expect(e.snips).toBeCloseTo(logMean, 12);
    // Replay keeps about a quarter of the rows, at about the same rate.
    expect(e.matched).toBeGreaterThan(1800);
    expect(e.matched).toBeLessThan(2200);
    expect(e.replay).toBeGreaterThan(0.2);
    expect(e.replay).toBeLessThan(0.3);
  });

  it('credits a learner that finds the clicked item', () => {
    const e = replayPass(data, { id: 't', label: 'thompson', policy: 'thompson' }, all, 3);
    expect(e.replay).toBeGreaterThan(0.9);
    expect(e.ips).toBeGreaterThan(0.85);
    expect(e.snips).toBeGreaterThan(0.9);
  });

  it('learns only from the rows it matched', () => {
    // Against a log where nothing is ever clicked, every estimate is 0.
    const dark = { ...data, click: new Uint8Array(8000) };
    const e = replayPass(dark, { id: 'u', label: 'ucb1', policy: 'ucb1' }, all, 1);
    expect([e.replay, e.ips, e.clicks]).toEqual([0, 0, 0]);
  });
});

describe('bootstrapRows', () => {
  it('is the log itself for replicate 0 and a sorted resample otherwise', () => {
    expect([...bootstrapRows(5, 0, 1)]).toEqual([0, 1, 2, 3, 4]);
    const resample = bootstrapRows(1000, 3, 1);
    expect(resample.length).toBe(1000);
    for (let i = 1; i < 1000; i++) expect(resample[i]).toBeGreaterThanOrEqual(resample[i - 1]!);
    // With replacement: some rows twice, about 1/e of them never.
    expect(new Set(resample).size).toBeLessThan(700);
    expect(new Set(resample).size).toBeGreaterThan(570);
    expect([...bootstrapRows(1000, 3, 1)]).toEqual([...resample]);
  });
});
