import * as z from 'zod/mini';
import { experimentKeySchema } from './experiment.ts';
import { epochMsSchema, totalSchema, unitSchema, wholeSchema, wireText } from './schema-parts.ts';

/**
 * p_variant − p_control at one moment of the always-valid confidence sequence, at error rate
 * `alpha` over the whole experiment (divided by the number of variants when there are
 * several).
 *
 * @example
 * const { lower } = SequenceIntervalSchema.parse({ estimate: 0.014, lower: 0.004, upper: 0.024, alpha: 0.05 });
 * if (lower > 0) ship(); // safe however often the results were looked at
 */
export const SequenceIntervalSchema = z.object({
  estimate: z.number(),
  lower: z.number(),
  upper: z.number(),
  alpha: unitSchema,
});

/**
 * A variation against the control on one metric: the posterior chance that it converts
 * better, the relative uplift p_variant / p_control − 1 with its 95% credible interval
 * (null where unbounded: `mean` while the control has no conversion), and the
 * always-valid confidence sequence for the difference p_variant − p_control, safe to check
 * after every push.
 *
 * @example
 * const versus = VersusControlSchema.parse(results.metrics[0].variations[1].versusControl);
 * console.log(`${Math.round(versus.chanceToBeatControl * 100)}% chance to beat control`);
 */
export const VersusControlSchema = z.object({
  chanceToBeatControl: unitSchema,
  uplift: z.object({
    mean: z.nullable(z.number()),
    lower: z.nullable(z.number()),
    upper: z.nullable(z.number()),
    level: unitSchema,
  }),
  confidenceSequence: SequenceIntervalSchema,
});

/**
 * One variation on one metric. Users count once: `converted` users converted at least once
 * (after being exposed to this variation in this phase), `rate` = converted / exposed,
 * `valuePerUser` = Σ value / exposed (each user's values summed; users who did not convert
 * count 0), `valueSum` and `valueSumSquares` the sums over users of their total value and its
 * square (so a variance per user is possible). `unexposedConversions` counts conversions that
 * were dropped because their client had not been exposed. `versusControl` is null for the
 * control (variation 0).
 *
 * @example
 * const [control, treatment] = results.metrics[0].variations.map((v) => MetricVariationSchema.parse(v));
 * console.log(control.rate, treatment.rate, treatment.versusControl?.uplift.mean);
 */
export const MetricVariationSchema = z.object({
  index: wholeSchema,
  key: experimentKeySchema,
  exposed: wholeSchema,
  converted: wholeSchema,
  rate: z.nullable(unitSchema),
  valuePerUser: z.nullable(totalSchema),
  valueSum: totalSchema,
  valueSumSquares: totalSchema,
  unexposedConversions: wholeSchema,
  expectedLoss: totalSchema,
  probabilityBest: unitSchema,
  versusControl: z.nullable(VersusControlSchema),
});

/**
 * One moment of a metric's history: users exposed and converted per variation (by index)
 * and, per variation, its confidence sequence against the control then (null for the
 * control).
 *
 * @example
 * const widths = metric.history.map((p) => MetricHistoryPointSchema.parse(p).confidenceSequences[1]);
 */
export const MetricHistoryPointSchema = z.object({
  at: epochMsSchema,
  exposed: z.array(wholeSchema),
  converted: z.array(wholeSchema),
  confidenceSequences: z.array(z.nullable(SequenceIntervalSchema)),
});

/**
 * The results of one metric: per variation, the stop recommendation (`leader` is a variation
 * index; `reason` null while it says go on), and the history.
 *
 * @example
 * const { stop } = MetricResultsSchema.parse(results.metrics[0]);
 * if (stop.stop) console.log(`ship variation ${stop.leader} (${stop.reason})`);
 */
export const MetricResultsSchema = z.object({
  metric: experimentKeySchema,
  variations: z.array(MetricVariationSchema),
  stop: z.object({
    stop: z.boolean(),
    reason: z.nullable(z.enum(['interval-excludes-zero', 'loss-below-threshold'])),
    leader: wholeSchema,
  }),
  history: z.array(MetricHistoryPointSchema),
});

/**
 * The body of `GET /v1/apps/:app/experiments/:key/results[?phase=&metric=]` (admin): one
 * phase of an experiment (the current one by default). `weights` are the phase's configured
 * split as last changed within it. `srm` is the sample ratio mismatch check of the users
 * exposed against those weights (Pearson's chi-square): `checked` is false until every
 * variation has `minUsers` users, and `mismatch` is only ever true once checked, with
 * `pValue < threshold`. `history` holds the users exposed per variation over time; each
 * metric carries its own.
 *
 * @example
 * const results = ExperimentResultsSchema.parse(await response.json());
 * if (results.srm.mismatch) warn('the split is off: do not trust these numbers');
 */
export const ExperimentResultsSchema = z.object({
  app: wireText(1, 128),
  experiment: experimentKeySchema,
  phase: wholeSchema,
  status: z.enum(['draft', 'running', 'stopped']),
  archived: z.boolean(),
  generatedAt: epochMsSchema,
  weights: z.array(unitSchema),
  variations: z.array(
    z.object({
      index: wholeSchema,
      key: experimentKeySchema,
      weight: unitSchema,
      exposed: wholeSchema,
    }),
  ),
  srm: z.object({
    pValue: z.nullable(unitSchema),
    mismatch: z.boolean(),
    checked: z.boolean(),
    threshold: unitSchema,
    minUsers: wholeSchema,
  }),
  metrics: z.array(MetricResultsSchema),
  history: z.array(z.object({ at: epochMsSchema, exposed: z.array(wholeSchema) })),
});

/** An interval of the confidence sequence, see {@link SequenceIntervalSchema}. */
export type SequenceInterval = z.infer<typeof SequenceIntervalSchema>;
/** A variation against the control, see {@link VersusControlSchema}. */
export type VersusControl = z.infer<typeof VersusControlSchema>;
/** One variation on one metric, see {@link MetricVariationSchema}. */
export type MetricVariation = z.infer<typeof MetricVariationSchema>;
/** One moment of a metric's history, see {@link MetricHistoryPointSchema}. */
export type MetricHistoryPoint = z.infer<typeof MetricHistoryPointSchema>;
/** The results of one metric, see {@link MetricResultsSchema}. */
export type MetricResults = z.infer<typeof MetricResultsSchema>;
/** An experiment's results, see {@link ExperimentResultsSchema}. */
export type ExperimentResults = z.infer<typeof ExperimentResultsSchema>;
