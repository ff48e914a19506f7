// Internal: an experiment phase's results from its merged sums and history, with the
// analysis functions of @crowdbandit/core. Proportions count users: {s: converted,
// f: exposed − converted}.

import {
  type Counts,
  chanceToBeatControl,
  confidenceSequence,
  expectedLoss,
  probabilityBest,
  relativeUplift,
  srmPValue,
  stopRecommendation,
} from '@crowdbandit/core';
import {
  COUNT_SCALE,
  type ExperimentResults,
  type ExperimentState,
  type MetricHistoryPoint,
  type MetricResults,
  type SequenceInterval,
} from '@crowdbandit/protocol';
import type { HistoryRow, MergedSums } from './experiment-totals.ts';

/** SRM is flagged below this p-value … */
export const SRM_THRESHOLD = 0.001;
/** … and only once every variation with a weight has this many users. */
export const SRM_MIN_USERS = 8;

const ALPHA = 0.05;

/** What {@link experimentResults} reads. */
export interface ResultsInput {
  readonly app: string;
  readonly state: ExperimentState;
  readonly phase: number;
  /** Only this metric; by default the definition's metrics and any other one counted. */
  readonly metric?: string | undefined;
  readonly sums: readonly MergedSums[];
  readonly history: readonly HistoryRow[];
  readonly now: number;
}

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The results of one phase of an experiment (see ExperimentResultsSchema). */
export function experimentResults(input: ResultsInput): ExperimentResults {
  const { state, phase } = input;
  const count = state.variations.length;
  const weights = state.phases.find((p) => p.phase === phase)?.weights ?? state.weights;
  const inRange = (r: { variation: number }) => r.variation < count;
  const exposed = new Array<number>(count).fill(0);
  for (const r of input.sums) if (r.metric === '' && inRange(r)) exposed[r.variation] = r.users;

  const seen = input.sums.filter((r) => r.metric !== '').map((r) => r.metric);
  const metrics =
    input.metric !== undefined ? [input.metric] : [...new Set([...state.metrics, ...seen])];

  return {
    app: input.app,
    experiment: state.key,
    phase,
    status: state.status,
    archived: state.archived,
    generatedAt: input.now,
    weights,
    variations: state.variations.map((v, index) => ({
      index,
      key: v.key,
      weight: weights[index] ?? 0,
      exposed: exposed[index]!,
    })),
    srm: srm(exposed, weights),
    metrics: metrics.map((metric) =>
      metricResults(
        state,
        weights,
        exposed,
        metric,
        input.sums.filter((r) => r.metric === metric && inRange(r)),
        input.history.filter((r) => r.metric === metric && inRange(r)),
      ),
    ),
    history: historyOf(
      count,
      input.history.filter((r) => r.metric === '' && inRange(r)),
    ).map(({ at, exposed }) => ({ at, exposed })),
  };
}

// Variations given no weight must see nobody: one that did is a mismatch; the test itself
// runs over the variations with a weight.
function srm(exposed: readonly number[], weights: readonly number[]): ExperimentResults['srm'] {
  const kept = weights.flatMap((w, i) => (w > 0 ? [i] : []));
  const checked = kept.every((i) => exposed[i]! >= SRM_MIN_USERS);
  const total = exposed.reduce((a, b) => a + b, 0);
  let pValue: number | null = null;
  if (total > 0) {
    if (weights.some((w, i) => w <= 0 && exposed[i]! > 0)) pValue = 0;
    else if (kept.length < 2) pValue = 1;
    else {
      pValue = srmPValue(
        kept.map((i) => exposed[i]!),
        kept.map((i) => weights[i]!),
      );
    }
  }
  return {
    pValue,
    mismatch: checked && pValue !== null && pValue < SRM_THRESHOLD,
    checked,
    threshold: SRM_THRESHOLD,
    minUsers: SRM_MIN_USERS,
  };
}

const countsOf = (exposed: number, converted: number): Counts => ({
  s: converted,
  f: Math.max(0, exposed - converted),
});

// The split of a variation against the control; equal when either has no weight (nobody to
// compare then, and the core functions need positive weights).
function pair(weights: readonly number[], index: number): [number, number] {
  const control = weights[0] ?? 0;
  const variant = weights[index] ?? 0;
  return control > 0 && variant > 0 ? [control, variant] : [1, 1];
}

// With several variations each sequence takes alpha / (variations − 1), as the stop rule
// does, so that what the results show is what the stop rule decides on.
function sequences(
  counts: readonly Counts[],
  weights: readonly number[],
): (SequenceInterval | null)[] {
  const alpha = ALPHA / Math.max(1, counts.length - 1);
  return counts.map((c, i) =>
    i === 0 ? null : confidenceSequence(counts[0]!, c, { alpha, weights: pair(weights, i) }),
  );
}

function metricResults(
  state: ExperimentState,
  weights: readonly number[],
  exposed: readonly number[],
  metric: string,
  sums: readonly MergedSums[],
  history: readonly HistoryRow[],
): MetricResults {
  const byVariation = new Map(sums.map((r) => [r.variation, r]));
  const converted = exposed.map((_, i) => byVariation.get(i)?.users ?? 0);
  const counts = exposed.map((n, i) => countsOf(n, converted[i]!));
  const loss = expectedLoss(counts);
  const best = probabilityBest(counts);
  const intervals = sequences(counts, weights);
  const positive = weights.every((w) => w > 0);
  const stop = stopRecommendation(counts[0]!, counts.slice(1), positive ? { weights } : {});
  return {
    metric,
    variations: state.variations.map((v, i) => {
      const row = byVariation.get(i);
      const valueSum = (row?.sum ?? 0) / COUNT_SCALE;
      const n = exposed[i]!;
      let versusControl: MetricResults['variations'][number]['versusControl'] = null;
      if (i > 0) {
        const uplift = relativeUplift(counts[0]!, counts[i]!, 0.95);
        versusControl = {
          chanceToBeatControl: chanceToBeatControl(counts[0]!, counts[i]!),
          uplift: {
            mean: finite(uplift.mean),
            lower: finite(uplift.lower),
            upper: finite(uplift.upper),
            level: uplift.level,
          },
          confidenceSequence: intervals[i]!,
        };
      }
      return {
        index: i,
        key: v.key,
        exposed: n,
        converted: converted[i]!,
        rate: n > 0 ? converted[i]! / n : null,
        valuePerUser: n > 0 ? valueSum / n : null,
        valueSum,
        valueSumSquares: (row?.sumsq ?? 0) / (COUNT_SCALE * COUNT_SCALE),
        unexposedConversions: row?.unexposed ?? 0,
        expectedLoss: loss[i]!,
        probabilityBest: best[i]!,
        versusControl,
      };
    }),
    stop,
    history: historyOf(exposed.length, history).map((point) => ({
      ...point,
      confidenceSequences: sequences(
        point.exposed.map((n, i) => countsOf(n, point.converted[i]!)),
        weights,
      ),
    })),
  };
}

// History rows are written per variation when its numbers change: a point per moment, each
// variation carrying its latest numbers forward.
function historyOf(
  count: number,
  rows: readonly HistoryRow[],
): Omit<MetricHistoryPoint, 'confidenceSequences'>[] {
  const exposed = new Array<number>(count).fill(0);
  const converted = new Array<number>(count).fill(0);
  const points: Omit<MetricHistoryPoint, 'confidenceSequences'>[] = [];
  rows.forEach((row, i) => {
    exposed[row.variation] = row.exposed;
    converted[row.variation] = row.converted;
    if (rows[i + 1]?.at !== row.at) {
      points.push({ at: row.at, exposed: [...exposed], converted: [...converted] });
    }
  });
  return points;
}
