import * as z from 'zod/mini';
import { EXPERIMENT_KEY, MAX_METRICS, MAX_VARIATIONS } from './experiment-limits.ts';
import { epochMsSchema, unitSchema, wholeSchema, wireText } from './schema-parts.ts';

export { EXPERIMENT_KEY, MAX_METRICS, MAX_VARIATIONS };

const KEY_MESSAGE = 'must be 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit';

/** An experiment, variation or metric key, see {@link EXPERIMENT_KEY}. */
export const experimentKeySchema = z.string().check(z.regex(EXPERIMENT_KEY, KEY_MESSAGE));

/**
 * What a variation does to a decision when the experiment names one: `baseline` ranks by the
 * app's relevance alone (the similarity baseline: no sampling, no session boost), `learner`
 * is the full engine (Thompson sampling and session boosting).
 */
export const PolicySchema = z.enum(['baseline', 'learner']);

/**
 * One variation: its `key`, an optional display `name`, the `value` an app reads from
 * `assign` (a flag value; defaults to the key) and, for an experiment on a decision, the
 * `policy` it switches that decision to.
 *
 * @example
 * VariationSchema.parse({ key: 'learner', policy: 'learner' });
 */
export const VariationSchema = z.strictObject({
  key: experimentKeySchema,
  name: z.exactOptional(wireText(1, 256)),
  value: z.exactOptional(z.union([wireText(0, 1024), z.number(), z.boolean()])),
  policy: z.exactOptional(PolicySchema),
});

const weightsSchema = z.array(unitSchema).check(z.minLength(2), z.maxLength(MAX_VARIATIONS));

/**
 * A namespace `[id, start, end)`: users whose namespace hash falls in `[start, end)` may
 * enter; experiments with disjoint ranges of one namespace never share a user.
 */
export const NamespaceSchema = z.tuple([experimentKeySchema, unitSchema, unitSchema]).check(
  z.refine(([, start, end]) => start < end, {
    message: 'the namespace range must have start < end',
    path: [2],
  }),
);

interface DefinitionProblem {
  readonly message: string;
  readonly path: (string | number)[];
}

/** The rules across fields of a definition; shared with the hand-written client decoder. */
export function definitionProblems(definition: {
  readonly variations: readonly { readonly key: string; readonly policy?: string | undefined }[];
  readonly weights?: readonly number[] | undefined;
  readonly decision?: string | undefined;
}): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const seen = new Set<string>();
  definition.variations.forEach((variation, index) => {
    if (seen.has(variation.key)) {
      problems.push({
        message: `variation key '${variation.key}' appears twice`,
        path: ['variations', index, 'key'],
      });
    }
    seen.add(variation.key);
    if (definition.decision !== undefined && variation.policy === undefined) {
      problems.push({
        message:
          "an experiment on a decision needs a policy ('baseline' or 'learner') per variation",
        path: ['variations', index, 'policy'],
      });
    }
  });
  const { weights } = definition;
  if (weights === undefined) return problems;
  if (weights.length !== definition.variations.length) {
    problems.push({
      message: `expected ${definition.variations.length} weights, one per variation, got ${weights.length}`,
      path: ['weights'],
    });
    return problems;
  }
  const sum = weights.reduce((total, weight) => total + weight, 0);
  if (Math.abs(sum - 1) > 0.01) {
    problems.push({ message: `the weights must sum to 1 (±0.01), got ${sum}`, path: ['weights'] });
  }
  return problems;
}

/**
 * The body of `POST /v1/apps/:app/experiments` (admin): a new experiment, created as a
 * draft. `variations[0]` is the control. `weights` default to equal, `coverage` to 1,
 * `hashAttribute` to the client id (`'userId'` hashes the id the app gives the SDK, so a
 * user keeps a variation across devices). `decision` makes it a policy experiment: each
 * variation's `policy` then decides how that decision ranks. `metrics` name what `track`
 * reports; a policy experiment also counts its decision's feedback by event type.
 *
 * @example
 * ExperimentDefinitionSchema.parse({
 *   key: 'learner-rollout', decision: 'home-feed', coverage: 0.5,
 *   variations: [{ key: 'baseline', policy: 'baseline' }, { key: 'learner', policy: 'learner' }],
 *   metrics: ['like', 'watch'],
 * });
 */
export const ExperimentDefinitionSchema = z
  .strictObject({
    key: experimentKeySchema,
    name: z.exactOptional(wireText(1, 256)),
    decision: z.exactOptional(wireText(1, 128)),
    variations: z.array(VariationSchema).check(z.minLength(2), z.maxLength(MAX_VARIATIONS)),
    weights: z.exactOptional(weightsSchema),
    coverage: z.exactOptional(unitSchema),
    hashAttribute: z.exactOptional(z.enum(['clientId', 'userId'])),
    namespace: z.exactOptional(NamespaceSchema),
    metrics: z.exactOptional(
      z.array(experimentKeySchema).check(z.minLength(0), z.maxLength(MAX_METRICS)),
    ),
  })
  .check(
    z.superRefine((definition, ctx) => {
      for (const { message, path } of definitionProblems(definition)) {
        ctx.issues.push({ code: 'custom', message, path, input: definition });
      }
    }),
  );

/**
 * The body of `PATCH /v1/apps/:app/experiments/:key` (admin): change coverage or weights
 * within the running phase. Raising coverage never moves an assigned user (see
 * `bucketRanges` in `@crowdbandit/core`); changing weights may, which is why a new phase
 * (`POST …/start`) re-hashes everyone.
 *
 * @example
 * ExperimentChangeSchema.parse({ coverage: 1 });
 */
export const ExperimentChangeSchema = z
  .strictObject({
    coverage: z.exactOptional(unitSchema),
    weights: z.exactOptional(weightsSchema),
  })
  .check(
    z.refine((change) => change.coverage !== undefined || change.weights !== undefined, {
      message: 'give coverage, weights or both',
    }),
  );

/**
 * The body of `POST /v1/apps/:app/experiments/:key/stop` (admin). With a `winner` (a
 * variation key) everyone gets that variation from then on; without one, everyone gets the
 * control.
 *
 * @example
 * ExperimentStopSchema.parse({ winner: 'learner' });
 */
export const ExperimentStopSchema = z.strictObject({
  winner: z.exactOptional(experimentKeySchema),
});

/**
 * An experiment as clients see it. `status`: `draft` (nobody is in it), `running`, `stopped`
 * (everyone gets variation `winner`, or the control when it is absent). `phase` counts starts
 * from 1 (0 while a draft); each start draws a new `seed`, so users are hashed afresh.
 * Assignment uses hash version `hashVersion` (2, as GrowthBook).
 *
 * @example
 * const running = snapshot.experiments['learner-rollout']?.status === 'running';
 */
export const ExperimentSchema = z.object({
  key: experimentKeySchema,
  name: z.exactOptional(wireText(1, 256)),
  decision: z.exactOptional(wireText(1, 128)),
  variations: z.array(VariationSchema).check(z.minLength(2), z.maxLength(MAX_VARIATIONS)),
  weights: weightsSchema,
  coverage: unitSchema,
  hashAttribute: z.enum(['clientId', 'userId']),
  hashVersion: z.literal(2),
  namespace: z.exactOptional(NamespaceSchema),
  metrics: z.array(experimentKeySchema).check(z.maxLength(MAX_METRICS)),
  status: z.enum(['draft', 'running', 'stopped']),
  phase: wholeSchema,
  seed: wireText(1, 128),
  winner: z.exactOptional(wholeSchema),
  startedAt: z.exactOptional(epochMsSchema),
  stoppedAt: z.exactOptional(epochMsSchema),
});

/**
 * The body of `GET /v1/apps/:app/experiments` (publishable key): every experiment that is
 * not archived, served with `ETag: "<version>"` like the priors and announced on the priors
 * WebSocket as `{ type: 'experiments', version }`. Unknown fields are dropped.
 *
 * @example
 * ExperimentsSnapshotSchema.parse({ app: 'movies', version: 3, generatedAt: 1_763_800_000_000, experiments: {} });
 */
export const ExperimentsSnapshotSchema = z.object({
  app: wireText(1, 128),
  version: wholeSchema,
  generatedAt: epochMsSchema,
  experiments: z.record(experimentKeySchema, ExperimentSchema),
});

/** A variation, see {@link VariationSchema}. */
export type Variation = z.infer<typeof VariationSchema>;
/** A decision policy, see {@link PolicySchema}. */
export type Policy = z.infer<typeof PolicySchema>;
/** A new experiment, see {@link ExperimentDefinitionSchema}. */
export type ExperimentDefinition = z.infer<typeof ExperimentDefinitionSchema>;
/** A coverage or weights change, see {@link ExperimentChangeSchema}. */
export type ExperimentChange = z.infer<typeof ExperimentChangeSchema>;
/** A stop request, see {@link ExperimentStopSchema}. */
export type ExperimentStop = z.infer<typeof ExperimentStopSchema>;
/** An experiment as clients see it, see {@link ExperimentSchema}. */
export type Experiment = z.infer<typeof ExperimentSchema>;
/** The experiments snapshot, see {@link ExperimentsSnapshotSchema}. */
export type ExperimentsSnapshot = z.infer<typeof ExperimentsSnapshotSchema>;
