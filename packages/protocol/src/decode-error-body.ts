import { seq, version } from './client-guards.ts';
import type { ErrorBody } from './error-body.ts';
import { ERROR_CODES } from './error-codes.ts';
import { array, decoder, object, oneOf, refine, text, whole } from './guard.ts';

// Any string: error messages and paths are free text.
const string = text(0, Number.POSITIVE_INFINITY, /^/);

/**
 * Checks a parsed error body: the same rules as {@link ErrorBodySchema}, hand written so the
 * browser bundle needs no zod. Unknown fields are ignored.
 *
 * @example
 * const result = decodeErrorBody(await response.json());
 * if (result.ok && result.value.error.code === 'seq_gap') resendFrom(result.value.error.expectedSeq);
 */
export const decodeErrorBody = decoder<ErrorBody>(
  object({
    error: refine(
      object(
        { code: oneOf(ERROR_CODES), message: string },
        {
          issues: array(object({ path: string, message: string }), 0, Number.POSITIVE_INFINITY),
          expectedSeq: seq,
          unknownRefs: array(whole(0, 0xffffffff), 0, Number.POSITIVE_INFINITY),
          retryAfterMs: version,
        },
      ),
      (error: ErrorBody['error']) =>
        error.code === 'seq_gap' && error.expectedSeq === undefined
          ? { path: ['expectedSeq'], message: 'a seq_gap error needs expectedSeq' }
          : undefined,
    ),
  }),
);
