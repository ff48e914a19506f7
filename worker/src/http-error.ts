import { ERROR_STATUS, type ErrorCode, type ErrorDetails, errorBody } from '@crowdbandit/protocol';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * The one error type routes throw: it carries the wire error code, so the top-level handler
 * answers every failure with `{ error: { code, message, … } }` and the right status.
 *
 * @example
 * throw new HttpError('unauthorized', 'send the app key in the x-crowdbandit-key header');
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code] as ContentfulStatusCode;
  }

  toResponse(c: Context): Response {
    return c.json(errorBody(this.code, this.message, this.details), this.status);
  }
}

/** Top-level error handler: known errors as themselves, anything else as a 500 without internals. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof HttpError) return error.toResponse(c);
  console.error('unhandled error', error);
  return c.json(
    errorBody(
      'internal',
      'the edge failed to handle this request; retrying is safe: batches and events are idempotent',
    ),
    500,
  );
}
