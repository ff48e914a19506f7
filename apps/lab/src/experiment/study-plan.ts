import { createProgress, type Progress, SILENT_PROGRESS } from '../progress.ts';
import { runAaStudy } from './aa-study.ts';
import { runAbStudy } from './ab-study.ts';
import { runSrmStudy } from './srm-study.ts';
import { aaKey, abKey, srmKey } from './study-summary.ts';

/** The parameters of the in-process studies (written to experiment.json as they are). */
export interface StudyPlan {
  /** Experiments per study. */
  readonly runs: number;
  /** Users per A/A and SRM experiment. */
  readonly horizon: number;
  /** Users per A/B experiment: enough for most runs to stop. */
  readonly abHorizon: number;
  /** Users between two looks. */
  readonly batch: number;
  /** The control's true conversion rate (both arms' in the A/A and SRM studies). */
  readonly rate: number;
  /** The A/B variant's true relative lift. */
  readonly lift: number;
  /** The share of the variant's exposures the SRM study drops. */
  readonly drop: number;
  readonly alpha: number;
  /** No look counts (and stopRecommendation does not stop) before both arms have this many. */
  readonly minUsers: number;
  readonly srmThreshold: number;
  readonly srmMinUsers: number;
  readonly seed: number;
}

/** The full run's plan. */
export const FULL_STUDIES: StudyPlan = {
  runs: 200,
  horizon: 10_000,
  abHorizon: 50_000,
  batch: 100,
  rate: 0.2,
  lift: 0.1,
  drop: 0.1,
  alpha: 0.05,
  minUsers: 100,
  srmThreshold: 0.001,
  srmMinUsers: 8,
  seed: 1,
};

/** `--quick`: the same studies, smaller. */
export const QUICK_STUDIES: StudyPlan = {
  ...FULL_STUDIES,
  runs: 40,
  abHorizon: 30_000,
};

/**
 * Runs the A/A, A/B and SRM studies of a plan, each on its own seeds (study i, run r: seed
 * plan.seed·10⁷ + i·10⁶ + r), and sums them up as experiment.json's keys.
 *
 * @example
 * const { aa, ab, srm } = runStudies(QUICK_STUDIES);
 * aa.value; // the confidence sequence's false-positive rate
 */
export function runStudies(plan: StudyPlan, showProgress = true) {
  const seedOf = (study: number) => plan.seed * 10_000_000 + study * 1_000_000;
  const progress = (label: string): Progress =>
    showProgress ? createProgress(label, plan.runs) : SILENT_PROGRESS;
  const timed = <T>(label: string, run: (p: Progress) => T) => {
    const p = progress(label);
    try {
      return run(p);
    } finally {
      p.stop();
    }
  };
  const common = { runs: plan.runs, batch: plan.batch, rate: plan.rate, alpha: plan.alpha };
  const aa = timed('A/A, peeking', (p) =>
    runAaStudy({
      ...common,
      horizon: plan.horizon,
      minUsers: plan.minUsers,
      srmThreshold: plan.srmThreshold,
      firstSeed: seedOf(1),
      progress: p,
    }),
  );
  const ab = timed(`A/B, +${Math.round(plan.lift * 100)}% lift`, (p) =>
    runAbStudy({
      ...common,
      horizon: plan.abHorizon,
      lift: plan.lift,
      minUsers: plan.minUsers,
      firstSeed: seedOf(2),
      progress: p,
    }),
  );
  const srm = timed('SRM injected', (p) =>
    runSrmStudy({
      ...common,
      horizon: plan.horizon,
      drop: { variation: 1, share: plan.drop },
      threshold: plan.srmThreshold,
      minUsers: plan.srmMinUsers,
      firstSeed: seedOf(3),
      progress: p,
    }),
  );
  return {
    aa: aaKey(aa),
    ab: abKey(ab),
    srm: srmKey(srm, plan.srmThreshold),
  };
}

/** What {@link runStudies} gives. */
export type StudyKeys = ReturnType<typeof runStudies>;
