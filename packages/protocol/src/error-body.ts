import * as z from 'zod/mini';
import type { WireIssue } from './decoded.ts';
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';
import { seqSchema, wholeSchema } from './schema-parts.ts';

/** At most this many issues go into one error body, so a bad 1000-delta batch stays small. */
const MAX_ISSUES = 50;

/**
 * The JSON body of every failure: `code` for programs, `message` for people, `issues` with
 * dotted paths for a 400, `expectedSeq` for a 409 (`seq_gap`, where it is required),
 * `unknownRefs` for a 409 `unknown_arm_refs` (the arm refs the edge could not resolve),
 * `retryAfterMs` for a 429. Unknown fields are dropped.
 *
 * @example
 * ErrorBodySchema.parse({ error: { code: 'seq_gap', message: 'expected seq 8', expectedSeq: 8 } });
 */
export const ErrorBodySchema = z.object({
  error: z
    .object({
      code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      issues: z.exactOptional(z.array(z.object({ path: z.string(), message: z.string() }))),
      expectedSeq: z.exactOptional(seqSchema),
      unknownRefs: z.exactOptional(z.array(z.int().check(z.gte(0), z.lte(0xffffffff)))),
      retryAfterMs: z.exactOptional(wholeSchema),
    })
    .check(
      z.refine((error) => error.code !== 'seq_gap' || error.expectedSeq !== undefined, {
        message: 'a seq_gap error needs expectedSeq',
        path: ['expectedSeq'],
      }),
    ),
});

/**
 * An error body, see {@link ErrorBodySchema}.
 *
 * @example
 * const body: ErrorBody = { error: { code: 'not_found', message: 'no such app' } };
 */
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * The optional parts of an error body; other fields of the object passed in are ignored, so
 * a {@link DecodeError} can be passed as it is.
 *
 * @example
 * const details: ErrorDetails = { retryAfterMs: 5000 };
 */
export interface ErrorDetails {
  readonly issues?: readonly WireIssue[];
  readonly expectedSeq?: number;
  readonly unknownRefs?: readonly number[];
  readonly retryAfterMs?: number;
}

/**
 * Builds an error body (at most 50 issues). Pair it with {@link ERROR_STATUS} for the status.
 *
 * @example
 * errorBody('seq_gap', 'expected seq 8, got 10', { expectedSeq: 8 });
 * // { error: { code: 'seq_gap', message: 'expected seq 8, got 10', expectedSeq: 8 } }
 */
export function errorBody(code: ErrorCode, message: string, details: ErrorDetails = {}): ErrorBody {
  const error: ErrorBody['error'] = { code, message };
  if (details.issues) error.issues = details.issues.slice(0, MAX_ISSUES);
  if (details.expectedSeq !== undefined) error.expectedSeq = details.expectedSeq;
  if (details.unknownRefs !== undefined) error.unknownRefs = [...details.unknownRefs];
  if (details.retryAfterMs !== undefined) error.retryAfterMs = details.retryAfterMs;
  return { error };
}
