import { srmPValue } from '@crowdbandit/core';
import type { Progress } from '../progress.ts';
import { type ExposureDrop, peekCounts } from './peek-counts.ts';
import { phaseSeed, population } from './population.ts';

/** Options of {@link runSrmStudy}. */
export interface SrmStudyOptions {
  readonly runs: number;
  readonly horizon: number;
  readonly batch: number;
  readonly rate: number;
  readonly drop: ExposureDrop;
  /** Flag when the SRM p-value is below this, with ≥ `minUsers` per arm. */
  readonly threshold: number;
  readonly minUsers: number;
  readonly firstSeed: number;
  readonly progress?: Progress;
}

/** One experiment with the fault injected. */
export interface SrmRun {
  /** The SRM p-value at the horizon. */
  readonly pValue: number;
  /** Users arrived at the first look that flagged it; null: none did. */
  readonly firstFlag: number | null;
}

/**
 * A/A experiments whose logging loses `drop.share` of one arm's exposures: how often core's
 * `srmPValue` (what the edge's results report) flags the split at the horizon, and how soon
 * a check after every batch would have.
 *
 * @example
 * const runs = runSrmStudy({ runs: 200, horizon: 10_000, batch: 100, rate: 0.2,
 *   drop: { variation: 1, share: 0.1 }, threshold: 0.001, minUsers: 8, firstSeed: 2_000_001 });
 */
export function runSrmStudy(options: SrmStudyOptions): SrmRun[] {
  const { runs, horizon, batch, rate, drop, threshold, minUsers } = options;
  const looks = Math.ceil(horizon / batch);
  const results: SrmRun[] = [];
  for (let r = 0; r < runs; r++) {
    const seed = options.firstSeed + r;
    const counts = peekCounts(population(seed, horizon), {
      split: { seed: phaseSeed('srm', seed), weights: [0.5, 0.5], coverage: 1 },
      rates: [rate, rate],
      batch,
      drop,
    });
    let firstFlag: number | null = null;
    let pValue = 1;
    for (let k = 0; k < looks; k++) {
      const n0 = counts[4 * k]!;
      const n1 = counts[4 * k + 2]!;
      const p = n0 >= minUsers && n1 >= minUsers ? srmPValue([n0, n1], [1, 1]) : 1;
      if (firstFlag === null && p < threshold) firstFlag = Math.min(horizon, (k + 1) * batch);
      if (k === looks - 1) pValue = p;
    }
    results.push({ pValue, firstFlag });
    options.progress?.advance(1);
  }
  return results;
}
