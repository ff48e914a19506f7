import { confidenceSequence, srmPValue, twoProportionZTest } from '@crowdbandit/core';
import type { Progress } from '../progress.ts';
import { armAt, peekCounts } from './peek-counts.ts';
import { phaseSeed, population } from './population.ts';

/** Options of {@link runAaStudy}. */
export interface AaStudyOptions {
  readonly runs: number;
  /** Users per experiment. */
  readonly horizon: number;
  /** Users between two looks. */
  readonly batch: number;
  /** Both arms' true conversion rate. */
  readonly rate: number;
  /** No look counts before every arm has this many users (stopRecommendation's minUsers). */
  readonly minUsers: number;
  readonly alpha: number;
  /** The SRM check's threshold. */
  readonly srmThreshold: number;
  readonly firstSeed: number;
  readonly progress?: Progress;
}

/** What one A/A experiment did: the first look (index) at which each rule fired, or -1. */
export interface AaRun {
  /** The confidence sequence excluded 0. */
  readonly sequence: number;
  /** The fixed-horizon z-test gave p < alpha. */
  readonly naive: number;
  /** The SRM check fired (a false alarm: nothing was dropped). */
  readonly srm: number;
  /** The SRM p-value at the horizon. */
  readonly srmAtHorizon: number;
}

/** The A/A runs and the users seen at each look. */
export interface AaStudy {
  readonly users: readonly number[];
  readonly runs: readonly AaRun[];
}

/**
 * A/A experiments peeked at after every batch: two equal arms with the same true rate,
 * users assigned as the SDK assigns them (see peekCounts), each look analysed with core's
 * `confidenceSequence` (the always-valid interval) and `twoProportionZTest` (a fixed-horizon
 * test, wrongly peeked at), and the SRM check (`srmPValue`). Any rejection is a false positive.
 *
 * @example
 * const study = runAaStudy({ runs: 200, horizon: 10_000, batch: 100, rate: 0.2, minUsers: 100, alpha: 0.05, srmThreshold: 0.001, firstSeed: 1 });
 */
export function runAaStudy(options: AaStudyOptions): AaStudy {
  const { runs, horizon, batch, rate, minUsers, alpha, srmThreshold } = options;
  const looks = Math.ceil(horizon / batch);
  const users = Array.from({ length: looks }, (_, k) => Math.min(horizon, (k + 1) * batch));
  const results: AaRun[] = [];
  for (let r = 0; r < runs; r++) {
    const seed = options.firstSeed + r;
    const counts = peekCounts(population(seed, horizon), {
      split: { seed: phaseSeed('aa', seed), weights: [0.5, 0.5], coverage: 1 },
      rates: [rate, rate],
      batch,
    });
    let sequence = -1;
    let naive = -1;
    let srm = -1;
    let srmAtHorizon = 1;
    for (let k = 0; k < looks; k++) {
      const control = armAt(counts, k, 0);
      const variant = armAt(counts, k, 1);
      const n0 = control.s + control.f;
      const n1 = variant.s + variant.f;
      if (srm < 0 && n0 >= 8 && n1 >= 8 && srmPValue([n0, n1], [1, 1]) < srmThreshold) srm = k;
      if (k === looks - 1) srmAtHorizon = srmPValue([n0, n1], [1, 1]);
      if (n0 < minUsers || n1 < minUsers) continue;
      if (sequence < 0) {
        const cs = confidenceSequence(control, variant, { alpha });
        if (cs.lower > 0 || cs.upper < 0) sequence = k;
      }
      if (naive < 0 && twoProportionZTest(control, variant).pValue < alpha) naive = k;
    }
    results.push({ sequence, naive, srm, srmAtHorizon });
    options.progress?.advance(1);
  }
  return { users, runs: results };
}

/**
 * The share of runs whose rule had fired by each look: the false-positive rate of a team
 * that peeks up to that many users.
 *
 * @example
 * firedBy(study.runs.map((r) => r.naive), study.users.length); // [0, 0, 0.01, …]
 */
export function firedBy(first: readonly number[], looks: number): number[] {
  const byLook = new Array<number>(looks).fill(0);
  for (const k of first) if (k >= 0) byLook[k]! += 1;
  let fired = 0;
  return byLook.map((count) => {
    fired += count;
    return fired / first.length;
  });
}
