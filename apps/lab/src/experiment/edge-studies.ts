import { resolve } from 'node:path';
import { startLocalEdge } from '@crowdbandit/edge/local';
import { figure } from '../format.ts';
import { LabError } from '../lab-error.ts';
import { loadFilms } from '../metrics/films.ts';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import { createProgress } from '../progress.ts';
import { experimentAdmin } from './edge-admin.ts';
import { RELATIVE_TOLERANCE, runEdgeAgreement } from './edge-agreement.ts';
import { agreementTable, arrivalQuarters, likesUplift, rolloutReport } from './edge-report.ts';
import { runRollout } from './rollout.ts';
import type { RelevanceMode } from './session-relevance.ts';
import type { StudyPlan } from './study-plan.ts';

/** The parameters of the parts through the real SDK and edge. */
export interface EdgePlan {
  /** Agreement experiments (the last with the SRM fault). */
  readonly experiments: number;
  /** Users per agreement experiment. */
  readonly users: number;
  /** Users of the SRM experiment. */
  readonly srmUsers: number;
  /** Visitors of the rollout. */
  readonly rolloutUsers: number;
  readonly rounds: number;
  readonly engagedAt: number;
  readonly coverage: number;
  readonly relevance: RelevanceMode;
}

/** The full run's edge plan. */
export const FULL_EDGE: EdgePlan = {
  experiments: 4,
  users: 300,
  srmUsers: 10_000,
  rolloutUsers: 1_000,
  rounds: 15,
  engagedAt: 5,
  coverage: 0.5,
  relevance: 'rating',
};

/** `--quick`: one clean experiment and the SRM one, few users. */
export const QUICK_EDGE: EdgePlan = {
  ...FULL_EDGE,
  experiments: 2,
  users: 80,
  srmUsers: 400,
  rolloutUsers: 60,
  rounds: 10,
  engagedAt: 3,
};

/**
 * Parts 4 and 5 on a local edge in workerd (apps/lab/edge/wrangler.lab.jsonc): the agreement
 * experiments, then the learner's rollout on the film catalog. Prints as it goes; throws a
 * LabError when the edge's results differ from the in-process computation.
 *
 * @example
 * const keys = await runEdgeStudies(plan, FULL_EDGE, console.log);
 */
export async function runEdgeStudies(
  plan: StudyPlan,
  edgePlan: EdgePlan,
  log: (line: string) => void,
) {
  const edge = await startLocalEdge({
    config: resolve(REPO_ROOT, 'apps/lab/edge/wrangler.lab.jsonc'),
  });
  try {
    const admin = experimentAdmin(edge.url);
    log(
      `4. Through the real system: ${edgePlan.experiments} experiments, ${edgePlan.experiments >= 2 ? `${edgePlan.experiments - 1} × ${figure(edgePlan.users)} users and one of ${figure(edgePlan.srmUsers)} whose app loses ${plan.drop * 100}% of the variant's exposures (never calls assign for them)` : `${figure(edgePlan.users)} users`}; each user a real SDK client ` +
        `(createClient, in-thread engine, memory storage) of the local edge in workerd at ${edge.url}; ` +
        `created and started through the admin API, assign → track → flush, read back from GET …/results\n`,
    );
    const total =
      (edgePlan.experiments - 1) * edgePlan.users +
      (edgePlan.experiments >= 2 ? edgePlan.srmUsers : edgePlan.users);
    const progress = createProgress('agreement', total);
    const rows = await runEdgeAgreement({
      edgeUrl: edge.url,
      admin,
      experiments: edgePlan.experiments,
      users: edgePlan.users,
      srmUsers: edgePlan.srmUsers,
      rate: plan.rate,
      lift: plan.lift,
      drop: plan.drop,
      seed: plan.seed,
      progress,
    }).finally(() => progress.stop());
    log(agreementTable(rows));
    const identical = rows.every((r) => r.identical);
    const agree = rows.every((r) => r.agree);
    const gap = Math.max(...rows.map((r) => r.maxRelativeDifference));
    const injected = rows.find((r) => r.srmInjected);
    const verdict = identical
      ? 'identical, bit for bit, in every experiment'
      : agree
        ? `the same counts, flags and decisions in every experiment; p-values and intervals within ${gap.toPrecision(2)} ` +
          'relative (the same core code, bundled into workerd and run there, and run in Node, can round the last bit apart)'
        : `DIFFERENT in ${rows
            .filter((r) => !r.agree)
            .map((r) => r.key)
            .join(', ')}`;
    log(
      `Edge vs in process on the same users: ${verdict}` +
        (injected === undefined
          ? '.'
          : `; the SRM injection is ${injected.edge.srmMismatch ? 'flagged' : 'NOT flagged'} by the edge (p = ${injected.edge.srmPValue?.toPrecision(3)}, ${figure(injected.users)} users` +
            `${injected.edge.srmMismatch ? '' : `; a ${plan.drop * 100}% loss shows reliably only in thousands of users: part 3 detects it in ${figure(plan.horizon)}`}).\n`),
    );
    if (!agree) {
      throw new LabError(
        "the edge's results differ from the in-process computation on the same users (table above)",
      );
    }

    log(
      `5. The learner rolled out against the baseline on the film catalog: ${figure(edgePlan.rolloutUsers)} visitors (the lab's simulated film users), ` +
        `a policy experiment on 'home-feed' at ${edgePlan.coverage * 100}% coverage, ${edgePlan.rounds} films each (one per round, liked or disliked), ` +
        `through the real SDK and edge; the app's relevance (what the baseline ranks by alone, the learner blends with its draws): ` +
        `${edgePlan.relevance === 'rating' ? "the demo's, IMDB rating / 10" : 'similarity to the films liked so far in the session'}\n`,
    );
    const films = loadFilms();
    const rolloutProgress = createProgress('rollout', edgePlan.rolloutUsers);
    const outcome = await runRollout({
      edgeUrl: edge.url,
      admin,
      films,
      users: edgePlan.rolloutUsers,
      rounds: edgePlan.rounds,
      engagedAt: edgePlan.engagedAt,
      coverage: edgePlan.coverage,
      relevance: edgePlan.relevance,
      seed: plan.seed,
      progress: rolloutProgress,
    }).finally(() => rolloutProgress.stop());
    for (const line of rolloutReport(outcome, edgePlan.engagedAt, edgePlan.rounds)) log(line);
    const likes = likesUplift(outcome);
    const engaged = outcome.engaged.variations[1]!.versusControl!;
    return {
      edge_agreement: {
        experiments: rows.length,
        users: rows.reduce((sum, r) => sum + r.users, 0),
        identical,
        agree,
        max_relative_difference: gap,
        relative_tolerance: RELATIVE_TOLERANCE,
        srm_injected_flagged: injected?.edge.srmMismatch ?? null,
        rows,
      },
      rollout_uplift: {
        metric: 'likes per exposed visitor, learner ÷ baseline − 1',
        ...likes,
        engaged: {
          metric: `visitors who liked ≥ ${edgePlan.engagedAt} of ${edgePlan.rounds} films`,
          uplift: engaged.uplift,
          chance_to_beat_control: engaged.chanceToBeatControl,
          confidence_sequence: engaged.confidenceSequence,
          stop: outcome.engaged.stop,
          rates: outcome.engaged.variations.map((v) => v.rate),
        },
        relevance: edgePlan.relevance,
        by_arrival_quarter: arrivalQuarters(outcome.sent),
        visitors: edgePlan.rolloutUsers,
        outside_coverage: outcome.sent.outside,
        exposed: outcome.results.variations.map((v) => v.exposed),
        srm_p_value: outcome.results.srm.pValue,
      },
    };
  } finally {
    await edge.dispose();
  }
}
