/**
 * Every error code the edge answers with, and its HTTP status.
 *
 * @example
 * return c.json(errorBody('rate_limited', 'slow down', { retryAfterMs: 5000 }), ERROR_STATUS.rate_limited);
 */
export const ERROR_STATUS = {
  invalid_body: 400,
  unauthorized: 401,
  unsigned_client_id: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  seq_gap: 409,
  unknown_arm_refs: 409,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

/**
 * A machine-readable reason in an error body.
 *
 * @example
 * const code: ErrorCode = 'seq_gap';
 */
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * The error codes as a list.
 *
 * @example
 * ERROR_CODES.includes('seq_gap'); // true
 */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];
