import { type Estimate, medianInterval, wilsonInterval } from '../stats.ts';
import { type AaStudy, firedBy } from './aa-study.ts';
import type { AbRun, AbStop } from './ab-study.ts';
import type { SrmRun } from './srm-study.ts';

/** A share of runs with its Wilson 95% interval. */
export interface ShareKey {
  readonly value: number;
  readonly ci: readonly [number, number];
  readonly count: number;
  readonly runs: number;
}

/** A median of users with its order-statistic 95% interval (null: unbounded, ∞). */
export interface MedianKey {
  readonly value: number | null;
  readonly ci: readonly [number | null, number | null];
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** `count` of `runs` as a {@link ShareKey}. */
export function share(count: number, runs: number): ShareKey {
  const e = wilsonInterval(count, runs);
  return { value: e.value, ci: [e.low, e.high], count, runs };
}

/** The median of values (Infinity allowed) as a {@link MedianKey}. */
export function median(values: readonly number[]): MedianKey {
  const e: Estimate = medianInterval(values);
  return { value: finite(e.value), ci: [finite(e.low), finite(e.high)] };
}

/** The A/A study's key of experiment.json. */
export function aaKey(study: AaStudy) {
  const fired = (pick: (r: AaStudy['runs'][number]) => number) =>
    study.runs.filter((r) => pick(r) >= 0).length;
  const runs = study.runs.length;
  const sequence = share(
    fired((r) => r.sequence),
    runs,
  );
  const naive = share(
    fired((r) => r.naive),
    runs,
  );
  const looks = study.users.length;
  return {
    value: sequence.value,
    ci: sequence.ci,
    naive_value: naive.value,
    naive_ci: naive.ci,
    runs,
    sequence,
    naive,
    srm_false_alarms: {
      peeking: share(
        fired((r) => r.srm),
        runs,
      ),
      at_horizon: share(study.runs.filter((r) => r.srmAtHorizon < 0.001).length, runs),
    },
    by_look: {
      users: study.users,
      sequence: firedBy(
        study.runs.map((r) => r.sequence),
        looks,
      ),
      naive: firedBy(
        study.runs.map((r) => r.naive),
        looks,
      ),
    },
  };
}

function stopKey(stops: readonly AbStop[]) {
  const runs = stops.length;
  const right = stops.filter((s) => s.leader === 1);
  const reasons: Record<string, number> = {};
  for (const s of stops) if (s.reason !== null) reasons[s.reason] = (reasons[s.reason] ?? 0) + 1;
  // Runs that stopped wrongly or never never reach a correct stop: Infinity, so the median
  // counts them (and is unbounded when they are half the runs).
  const toCorrect = median(
    stops.map((s) => (s.leader === 1 ? s.users! : Number.POSITIVE_INFINITY)),
  );
  return {
    ...toCorrect,
    runs,
    wrong_stop_rate: share(stops.filter((s) => s.leader === 0).length, runs),
    never_stopped_rate: share(stops.filter((s) => s.users === null).length, runs),
    median_among_correct: median(right.map((s) => s.users!)),
    stops_by_reason: reasons,
  };
}

/** The A/B study's key: stopRecommendation, and its interval rule alone beside it. */
export function abKey(runs: readonly AbRun[]) {
  return {
    ...stopKey(runs.map((r) => r.recommendation)),
    interval_rule_alone: stopKey(runs.map((r) => r.interval)),
  };
}

/** The SRM study's key. */
export function srmKey(runs: readonly SrmRun[], threshold: number) {
  const detected = share(runs.filter((r) => r.pValue < threshold).length, runs.length);
  return {
    value: detected.value,
    ci: detected.ci,
    runs: runs.length,
    detected,
    median_users_to_detection: median(runs.map((r) => r.firstFlag ?? Number.POSITIVE_INFINITY)),
  };
}
