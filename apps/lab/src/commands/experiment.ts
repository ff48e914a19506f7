import { listOf, parseCommandArgs, positiveInteger, probability } from '../cli-args.ts';
import {
  type EdgePlan,
  FULL_EDGE,
  QUICK_EDGE,
  runEdgeStudies,
} from '../experiment/edge-studies.ts';
import { peekingChart } from '../experiment/peeking-chart.ts';
import { RELEVANCE_MODES, type RelevanceMode } from '../experiment/session-relevance.ts';
import {
  FULL_STUDIES,
  QUICK_STUDIES,
  runStudies,
  type StudyPlan,
} from '../experiment/study-plan.ts';
import { studyReport } from '../experiment/study-report.ts';
import { figure } from '../format.ts';
import { LabError } from '../lab-error.ts';
import { outputDir, toJson } from '../output-dir.ts';
import type { Command } from './command.ts';

const F = FULL_STUDIES;
const usage = `npm run lab -- experiment [options]

The experiment machinery's proof (issue 14). In process, for speed, but with the SDK's own
assignment (core's hashToUnit, bucketRanges and chooseVariation: a seed per experiment, an
id per user) and the edge's own analysis (core's confidenceSequence, twoProportionZTest,
srmPValue and stopRecommendation):

  1. A/A experiments checked after every batch: the false-positive rate of the confidence
     sequence and of a fixed-horizon z-test peeked at (the naive anchor);
  2. A/B experiments with a true relative lift: users to a correct stop of stopRecommendation,
     wrong stops, runs that never stop;
  3. A/A experiments whose logging drops a share of one arm's exposures: how often the SRM
     check flags them.

Then through the real system, every user a real SDK client (createClient, in-thread engine,
memory storage) of the real edge in local workerd (apps/lab/edge/wrangler.lab.jsonc):

  4. a few experiments created and started through the admin API, every user assigning and
     tracking: the admin results endpoint's counts, SRM p-value, confidence sequence and stop
     recommendation must equal core's on the same users in process (the last experiment
     drops 10% of the variant's exposures: the edge must flag it);
  5. the learner rolled out against the baseline on the film catalog (a policy experiment on
     'home-feed', the lab's simulated film users): the uplift from the results endpoint.

Writes experiment.json and charts/experiment-peeking.svg (--out bench/results for the copies
the README links to).

  --quick               ${QUICK_STUDIES.runs} runs per study (A/B up to ${figure(QUICK_STUDIES.abHorizon)} users);
                        ${QUICK_EDGE.experiments} × ${QUICK_EDGE.users} users through the edge, ${QUICK_EDGE.rolloutUsers} visitors
  --in-process          only the in-process studies 1–3 (no workerd)
  --runs <n>            experiments per study (default ${F.runs})
  --horizon <n>         users per A/A and SRM experiment (default ${figure(F.horizon)})
  --ab-horizon <n>      users per A/B experiment (default ${figure(F.abHorizon)})
  --batch <n>           users between two looks (default ${F.batch})
  --rate <p>            the control's conversion rate (default ${F.rate})
  --lift <x>            the A/B variant's true relative lift (default ${F.lift})
  --drop <share>        share of the variant's exposures the SRM study drops (default ${F.drop})
  --edge-experiments <n>  agreement experiments, the last with the SRM fault (default ${FULL_EDGE.experiments})
  --edge-users <n>      users per agreement experiment (default ${FULL_EDGE.users})
  --srm-users <n>       users of the SRM experiment (default ${figure(FULL_EDGE.srmUsers)}: a 10% drop
                        shows at p < 0.001 in about 98% of experiments of 10,000 users)
  --rollout-users <n>   visitors of the rollout (default ${FULL_EDGE.rolloutUsers})
  --rounds <n>          films shown to each visitor (default ${FULL_EDGE.rounds})
  --relevance <mode>    the app's relevance, which the baseline ranks by: rating (the demo's,
                        IMDB rating / 10) or similarity (to the films liked in the session)
                        (default ${FULL_EDGE.relevance})
  --engaged-at <n>      likes that make a visitor 'engaged' (default ${FULL_EDGE.engagedAt})
  --seed <n>            seed (default ${F.seed})
  --out <dir>           output folder (default lab-results/)
`;

function studyPlan(values: Record<string, string | boolean | undefined>): StudyPlan {
  const base = values.quick === true ? QUICK_STUDIES : FULL_STUDIES;
  const text = (key: string) => values[key] as string | undefined;
  return {
    ...base,
    runs: positiveInteger('--runs', text('runs'), base.runs),
    horizon: positiveInteger('--horizon', text('horizon'), base.horizon),
    abHorizon: positiveInteger('--ab-horizon', text('ab-horizon'), base.abHorizon),
    batch: positiveInteger('--batch', text('batch'), base.batch),
    rate: probability('--rate', text('rate'), base.rate),
    lift: probability('--lift', text('lift'), base.lift),
    drop: probability('--drop', text('drop'), base.drop),
    seed: positiveInteger('--seed', text('seed'), base.seed),
  };
}

function oneOf(
  flag: string,
  value: string | undefined,
  allowed: readonly RelevanceMode[],
  fallback: RelevanceMode,
): RelevanceMode {
  const [mode, ...more] = listOf(flag, value, allowed, [fallback]);
  if (mode === undefined || more.length > 0) {
    throw new LabError(`${flag}: choose one of ${allowed.join(', ')}`);
  }
  return mode;
}

function edgePlan(values: Record<string, string | boolean | undefined>): EdgePlan {
  const base = values.quick === true ? QUICK_EDGE : FULL_EDGE;
  const text = (key: string) => values[key] as string | undefined;
  return {
    ...base,
    experiments: positiveInteger('--edge-experiments', text('edge-experiments'), base.experiments),
    users: positiveInteger('--edge-users', text('edge-users'), base.users),
    srmUsers: positiveInteger('--srm-users', text('srm-users'), base.srmUsers),
    rolloutUsers: positiveInteger('--rollout-users', text('rollout-users'), base.rolloutUsers),
    rounds: positiveInteger('--rounds', text('rounds'), base.rounds),
    engagedAt: positiveInteger('--engaged-at', text('engaged-at'), base.engagedAt),
    relevance: oneOf('--relevance', text('relevance'), RELEVANCE_MODES, base.relevance),
  };
}

/** `experiment`: A/A peeking, A/B stopping and SRM detection, with figures and intervals. */
export const experimentCommand: Command = {
  name: 'experiment',
  summary:
    'experiments: A/A peeking, A/B stops, SRM detection; the edge against core; the learner rolled out',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('experiment', args, {
      quick: { type: 'boolean' },
      'in-process': { type: 'boolean' },
      runs: { type: 'string' },
      horizon: { type: 'string' },
      'ab-horizon': { type: 'string' },
      batch: { type: 'string' },
      rate: { type: 'string' },
      lift: { type: 'string' },
      drop: { type: 'string' },
      'edge-experiments': { type: 'string' },
      'edge-users': { type: 'string' },
      'srm-users': { type: 'string' },
      relevance: { type: 'string' },
      'rollout-users': { type: 'string' },
      rounds: { type: 'string' },
      'engaged-at': { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const plan = studyPlan(values);
    const edge = edgePlan(values);
    const inProcessOnly = values['in-process'] === true;
    if (plan.rate * (1 + plan.lift) >= 1) {
      throw new LabError(
        `--rate ${plan.rate} with --lift ${plan.lift} gives the variant a rate ≥ 1`,
      );
    }
    const out = outputDir(values.out);
    const started = performance.now();
    console.log(
      "In process: users assigned by core's hashToUnit (v2), bucketRanges and chooseVariation — the SDK's assign — " +
        'with a seed per experiment and an id per user; every look analysed by the core functions the edge answers with.\n',
    );
    const keys = runStudies(plan);
    for (const line of studyReport(plan, keys)) console.log(line);
    const edgeKeys = inProcessOnly
      ? null
      : await runEdgeStudies(plan, edge, (line) => console.log(line));
    const seconds = (performance.now() - started) / 1000;
    out.write(
      'experiment.json',
      toJson({
        date: new Date().toISOString(),
        node: process.version,
        method:
          "In-process studies: assignment by core's hashToUnit (v2) / bucketRanges / chooseVariation with a seed per " +
          "experiment and an id per user (the SDK assigns with the same functions); analysis by core's confidenceSequence, " +
          'twoProportionZTest, srmPValue and stopRecommendation (the functions the edge answers with), at their defaults.',
        parameters: { ...plan, edge: inProcessOnly ? null : edge },
        aa_false_positive_rate: keys.aa,
        ab_median_users_to_correct_stop: { ...keys.ab, rate: plan.rate, lift: plan.lift },
        srm_detection_rate: { ...keys.srm, drop: plan.drop, threshold: plan.srmThreshold },
        ...(edgeKeys === null ? { edge_agreement: null, rollout_uplift: null } : edgeKeys),
        seconds,
      }),
    );
    out.write(
      'charts/experiment-peeking.svg',
      await peekingChart({
        ...keys.aa.by_look,
        runs: plan.runs,
        rate: plan.rate,
        batch: plan.batch,
        alpha: plan.alpha,
      }),
    );
    console.log(`${figure(seconds)} s; wrote ${out.written.join(', ')}`);
  },
};
