import { confidenceSequence, type StopRecommendation, stopRecommendation } from '@crowdbandit/core';
import type { Progress } from '../progress.ts';
import { armAt, peekCounts } from './peek-counts.ts';
import { phaseSeed, population } from './population.ts';

/** Options of {@link runAbStudy}. */
export interface AbStudyOptions {
  readonly runs: number;
  readonly horizon: number;
  readonly batch: number;
  /** The control's true conversion rate. */
  readonly rate: number;
  /** The variant's true relative lift: its rate is rate·(1 + lift). */
  readonly lift: number;
  readonly alpha: number;
  /** stopRecommendation's minUsers: no stop before every arm has this many. */
  readonly minUsers: number;
  readonly firstSeed: number;
  readonly progress?: Progress;
}

/** A stop: the users arrived at the first look that said stop, and whom it would ship. */
export interface AbStop {
  /** null: it never said stop by the horizon. */
  readonly users: number | null;
  /** 1 (the variant) is right; null when it never stopped. */
  readonly leader: number | null;
  readonly reason: StopRecommendation['reason'];
}

/**
 * How one A/B experiment would have ended under stopRecommendation (both its rules), and
 * under its interval rule alone (the confidence sequence leaving 0, with ≥ minUsers per arm).
 */
export interface AbRun {
  readonly recommendation: AbStop;
  readonly interval: AbStop;
}

const NEVER: AbStop = { users: null, leader: null, reason: null };

/**
 * A/B experiments with a true lift, peeked at after every batch with core's
 * `stopRecommendation` (what the edge's results answer) and with its interval rule alone
 * (core's `confidenceSequence`); the first look that says stop ends each. Users are
 * assigned as the SDK assigns them (see peekCounts).
 *
 * @example
 * const runs = runAbStudy({ runs: 200, horizon: 60_000, batch: 100, rate: 0.2, lift: 0.1, alpha: 0.05, minUsers: 100, firstSeed: 1_000_001 });
 */
export function runAbStudy(options: AbStudyOptions): AbRun[] {
  const { runs, horizon, batch, rate, lift, alpha, minUsers } = options;
  const looks = Math.ceil(horizon / batch);
  const results: AbRun[] = [];
  for (let r = 0; r < runs; r++) {
    const seed = options.firstSeed + r;
    const counts = peekCounts(population(seed, horizon), {
      split: { seed: phaseSeed('ab', seed), weights: [0.5, 0.5], coverage: 1 },
      rates: [rate, rate * (1 + lift)],
      batch,
    });
    let recommendation = NEVER;
    let interval = NEVER;
    for (let k = 0; k < looks && (recommendation === NEVER || interval === NEVER); k++) {
      const users = Math.min(horizon, (k + 1) * batch);
      const control = armAt(counts, k, 0);
      const variant = armAt(counts, k, 1);
      if (recommendation === NEVER) {
        const stop = stopRecommendation(control, [variant], { alpha, minUsers });
        if (stop.stop) recommendation = { users, leader: stop.leader, reason: stop.reason };
      }
      const enough = Math.min(control.s + control.f, variant.s + variant.f) >= minUsers;
      if (interval === NEVER && enough) {
        const cs = confidenceSequence(control, variant, { alpha });
        if (cs.lower > 0 || cs.upper < 0) {
          interval = { users, leader: cs.lower > 0 ? 1 : 0, reason: 'interval-excludes-zero' };
        }
      }
    }
    results.push({ recommendation, interval });
    options.progress?.advance(1);
  }
  return results;
}
