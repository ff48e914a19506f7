import * as z from 'zod/mini';
import { deltaKey } from './delta-key.ts';
import { duplicateDeltaMessage, EMPTY_DELTA_MESSAGE, isEmptyDelta } from './empty-delta.ts';
import { MAX_COUNT, MAX_DELTAS_PER_BATCH } from './limits.ts';
import {
  clientIdSchema,
  contextSchema,
  countSchema,
  nameSchema,
  seqSchema,
  wholeSchema,
} from './schema-parts.ts';

/**
 * One arm key's change since the last batch: success weight `s`, failure weight `f` (both in
 * [0, 1e9], carried in thousandths) and optionally `n` impressions. A delta with nothing in
 * it is rejected.
 *
 * @example
 * DeltaSchema.parse({ decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 });
 */
export const DeltaSchema = z
  .strictObject({
    decision: nameSchema,
    context: contextSchema,
    arm: nameSchema,
    s: countSchema,
    f: countSchema,
    n: z.exactOptional(wholeSchema.check(z.lte(MAX_COUNT))),
  })
  .check(z.refine((delta) => !isEmptyDelta(delta), EMPTY_DELTA_MESSAGE));

/**
 * The body of `POST /v1/apps/:app/deltas` in JSON; the binary form decodes to the same shape.
 * `seq` numbers a client's batches from 1; each arm key appears at most once per batch.
 *
 * @example
 * const result = DeltaBatchSchema.safeParse(await request.json());
 * if (!result.success) return invalidBody(issuesFromZod(result.error.issues));
 */
export const DeltaBatchSchema = z
  .strictObject({
    clientId: clientIdSchema,
    seq: seqSchema,
    deltas: z.array(DeltaSchema).check(z.minLength(1), z.maxLength(MAX_DELTAS_PER_BATCH)),
  })
  .check(
    z.superRefine((batch, ctx) => {
      const seen = new Map<string, number>();
      batch.deltas.forEach((delta, index) => {
        const key = deltaKey(delta);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else {
          ctx.issues.push({
            code: 'custom',
            message: duplicateDeltaMessage(first),
            path: ['deltas', index],
            input: delta,
          });
        }
      });
    }),
  );

/**
 * One delta of a batch, see {@link DeltaSchema}.
 *
 * @example
 * const like: Delta = { decision: 'home-feed', context: '', arm: 'movie-1234', s: 1, f: 0 };
 */
export type Delta = z.infer<typeof DeltaSchema>;

/**
 * A delta batch, see {@link DeltaBatchSchema}.
 *
 * @example
 * const batch: DeltaBatch = { clientId: 'c_8f2a61d0', seq: 1, deltas: [like] };
 */
export type DeltaBatch = z.infer<typeof DeltaBatchSchema>;
