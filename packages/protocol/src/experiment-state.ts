import * as z from 'zod/mini';
import { ExperimentSchema } from './experiment.ts';
import { epochMsSchema, unitSchema, wholeSchema, wireText } from './schema-parts.ts';

/**
 * One started phase of an experiment: its `seed` (users are hashed afresh in each phase),
 * when it started and stopped, and its coverage and weights as last changed within it.
 *
 * @example
 * ExperimentPhaseSchema.parse({ phase: 1, seed: 'cta:1:9f2c4e01a7b3d865', startedAt: 1_763_800_000_000,
 *   coverage: 1, weights: [0.5, 0.5] });
 */
export const ExperimentPhaseSchema = z.object({
  phase: wholeSchema.check(z.gte(1)),
  seed: wireText(1, 128),
  startedAt: epochMsSchema,
  stoppedAt: z.exactOptional(epochMsSchema),
  coverage: unitSchema,
  weights: z.array(unitSchema),
});

/**
 * An experiment as an admin sees it (`GET /v1/apps/:app/experiments/:key` and the answers of
 * the lifecycle routes): what clients see, plus whether it is `archived` (then clients no
 * longer see it), when it was created and last changed, and every phase it ran.
 *
 * @example
 * const state = ExperimentStateSchema.parse(await response.json());
 * const current = state.phases.at(-1); // undefined while a draft
 */
export const ExperimentStateSchema = z.extend(ExperimentSchema, {
  archived: z.boolean(),
  createdAt: epochMsSchema,
  updatedAt: epochMsSchema,
  phases: z.array(ExperimentPhaseSchema),
});

/** A started phase, see {@link ExperimentPhaseSchema}. */
export type ExperimentPhase = z.infer<typeof ExperimentPhaseSchema>;
/** An experiment as an admin sees it, see {@link ExperimentStateSchema}. */
export type ExperimentState = z.infer<typeof ExperimentStateSchema>;
