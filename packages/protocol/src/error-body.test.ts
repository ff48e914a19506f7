import { describe, expect, it } from 'vitest';
import { ErrorBodySchema, errorBody } from './error-body.ts';
import { ERROR_CODES, ERROR_STATUS } from './error-codes.ts';

describe('errorBody', () => {
  it('builds a body with only the details given', () => {
    expect(errorBody('seq_gap', 'expected seq 8, got 10', { expectedSeq: 8 })).toEqual({
      error: { code: 'seq_gap', message: 'expected seq 8, got 10', expectedSeq: 8 },
    });
  });

  it('takes the issues of a decode error and ignores its other fields', () => {
    const decodeError = { message: 'm', issues: [{ path: 'seq', message: 'x' }], offset: 14 };
    expect(errorBody('invalid_body', decodeError.message, decodeError)).toEqual({
      error: { code: 'invalid_body', message: 'm', issues: [{ path: 'seq', message: 'x' }] },
    });
  });

  it('keeps at most 50 issues', () => {
    const issues = Array.from({ length: 80 }, (_, i) => ({ path: `deltas.${i}.s`, message: 'x' }));
    expect(errorBody('invalid_body', 'bad', { issues }).error.issues).toHaveLength(50);
  });

  it.each(ERROR_CODES)('builds a %s body its schema accepts', (code) => {
    const body = errorBody(code, 'why', code === 'seq_gap' ? { expectedSeq: 1 } : {});
    expect(ErrorBodySchema.safeParse(body).success).toBe(true);
  });
});

describe('ERROR_STATUS', () => {
  it.each([
    ['invalid_body', 400],
    ['unauthorized', 401],
    ['unsigned_client_id', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['method_not_allowed', 405],
    ['seq_gap', 409],
    ['conflict', 409],
    ['payload_too_large', 413],
    ['unsupported_media_type', 415],
    ['rate_limited', 429],
    ['internal', 500],
  ] as const)('answers %s with %d', (code, status) => {
    expect(ERROR_STATUS[code]).toBe(status);
  });

  it('has a status for every code and nothing else', () => {
    expect(ERROR_CODES).toHaveLength(13);
  });
});
