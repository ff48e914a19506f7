import { parseCommandArgs, positiveInteger, probability } from '../cli-args.ts';
import { peekingChart } from '../experiment/peeking-chart.ts';
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

Writes experiment.json and charts/experiment-peeking.svg (--out bench/results for the copies
the README links to).

  --quick               ${QUICK_STUDIES.runs} runs per study, ${figure(QUICK_STUDIES.horizon)} users (A/B ${figure(QUICK_STUDIES.abHorizon)})
  --in-process          only the in-process studies 1–3 (no workerd)
  --runs <n>            experiments per study (default ${F.runs})
  --horizon <n>         users per A/A and SRM experiment (default ${figure(F.horizon)})
  --ab-horizon <n>      users per A/B experiment (default ${figure(F.abHorizon)})
  --batch <n>           users between two looks (default ${F.batch})
  --rate <p>            the control's conversion rate (default ${F.rate})
  --lift <x>            the A/B variant's true relative lift (default ${F.lift})
  --drop <share>        share of the variant's exposures the SRM study drops (default ${F.drop})
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

/** `experiment`: A/A peeking, A/B stopping and SRM detection, with figures and intervals. */
export const experimentCommand: Command = {
  name: 'experiment',
  summary: 'experiments: A/A peeking, A/B stops, SRM detection, and agreement with the edge',
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
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const plan = studyPlan(values);
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
    const lines = studyReport(plan, keys);
    for (const line of lines) console.log(line);
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
        parameters: plan,
        aa_false_positive_rate: keys.aa,
        ab_median_users_to_correct_stop: { ...keys.ab, rate: plan.rate, lift: plan.lift },
        srm_detection_rate: { ...keys.srm, drop: plan.drop, threshold: plan.srmThreshold },
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
