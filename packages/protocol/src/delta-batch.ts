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
      ctx.issues.push(...duplicates(batch.deltas, 'deltas'));
    }),
  );

/**
 * A delta whose arm travels as its 4-byte ref (format version 3, see {@link armRef}): the
 * edge finds the arm among those it holds totals for under the same decision and context.
 *
 * @example
 * ArmRefDeltaSchema.parse({ decision: 'home-feed', context: '', ref: 3214735720, s: 0, f: 0.1, n: 1 });
 */
export const ArmRefDeltaSchema = z
  .strictObject({
    decision: nameSchema,
    context: contextSchema,
    ref: z.int().check(z.gte(0), z.lte(0xffffffff)),
    s: countSchema,
    f: countSchema,
    n: z.exactOptional(wholeSchema.check(z.lte(MAX_COUNT))),
  })
  .check(z.refine((delta) => !isEmptyDelta(delta), EMPTY_DELTA_MESSAGE));

/**
 * A binary batch as the edge reads it: a {@link DeltaBatch} whose deltas may be partly (or
 * wholly) sent by ref, with the check over the referenced arm keys (format version 3).
 *
 * @example
 * const result = decodeBatch(bytes); // a ReceivedBatch
 * if (result.ok && result.value.refs) resolve(result.value.refs, result.value.refCheck);
 */
export const ReceivedBatchSchema = z
  .strictObject({
    clientId: clientIdSchema,
    seq: seqSchema,
    deltas: z.array(DeltaSchema).check(z.maxLength(MAX_DELTAS_PER_BATCH)),
    refs: z.exactOptional(z.array(ArmRefDeltaSchema).check(z.minLength(1))),
    refCheck: z.exactOptional(z.int().check(z.gte(0), z.lte(0xffffffff))),
  })
  .check(
    z.superRefine((batch, ctx) => {
      const refs = batch.refs ?? [];
      const total = batch.deltas.length + refs.length;
      if (total === 0 || total > MAX_DELTAS_PER_BATCH) {
        ctx.issues.push({
          code: 'custom',
          message:
            total === 0
              ? 'a batch has deltas'
              : `${total} deltas with the refs (at most ${MAX_DELTAS_PER_BATCH})`,
          path: ['deltas'],
          input: batch.deltas,
        });
      }
      refs.forEach((ref, index) => {
        if (ref.decision.startsWith('$exp/')) {
          ctx.issues.push({
            code: 'custom',
            message: 'experiment counts ($exp/) are never sent by ref',
            path: ['refs', index, 'decision'],
            input: ref.decision,
          });
        }
      });
      if ((batch.refs === undefined) !== (batch.refCheck === undefined)) {
        ctx.issues.push({
          code: 'custom',
          message: 'refs and refCheck go together',
          path: ['refCheck'],
          input: batch.refCheck,
        });
      }
      ctx.issues.push(...duplicates(batch.deltas, 'deltas'));
      const keyed = refs.map((r) => ({
        decision: r.decision,
        context: r.context,
        arm: String(r.ref),
      }));
      ctx.issues.push(...duplicates(keyed, 'refs'));
    }),
  );

/** An issue for each delta whose arm key an earlier one of the list has. */
function duplicates(
  list: readonly { readonly decision: string; readonly context: string; readonly arm: string }[],
  field: string,
) {
  const seen = new Map<string, number>();
  const issues: z.core.$ZodRawIssue[] = [];
  list.forEach((delta, index) => {
    const key = deltaKey(delta);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      issues.push({
        code: 'custom',
        message: duplicateDeltaMessage(first, field),
        path: [field, index],
        input: delta,
      });
    }
  });
  return issues;
}

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

/**
 * A delta sent by ref, see {@link ArmRefDeltaSchema}.
 *
 * @example
 * const seen: ArmRefDelta = { decision: 'home-feed', context: '', ref: 3214735720, s: 0, f: 0.1, n: 1 };
 */
export type ArmRefDelta = z.infer<typeof ArmRefDeltaSchema>;

/**
 * A binary batch as read, see {@link ReceivedBatchSchema}.
 *
 * @example
 * const batch: ReceivedBatch = { clientId: 'c_8f2a61d0', seq: 2, deltas: [], refs: [seen], refCheck: 42 };
 */
export type ReceivedBatch = z.infer<typeof ReceivedBatchSchema>;
