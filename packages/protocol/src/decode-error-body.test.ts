import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import * as arb from '../test/arbitraries.ts';
import { mutated } from '../test/mutate.ts';
import { decodeErrorBody } from './decode-error-body.ts';
import { ErrorBodySchema } from './error-body.ts';

const error = (fields: object) => ({ error: { code: 'invalid_body', message: 'bad', ...fields } });

const rows: Row[] = [
  { name: 'a bare error', value: error({}), path: undefined },
  {
    name: 'issues',
    value: error({ issues: [{ path: 'deltas.3.s', message: 'too big' }] }),
    path: undefined,
  },
  { name: 'a seq gap', value: error({ code: 'seq_gap', expectedSeq: 8 }), path: undefined },
  {
    name: 'a rate limit',
    value: error({ code: 'rate_limited', retryAfterMs: 5000 }),
    path: undefined,
  },
  { name: 'an unknown field', value: error({ requestId: 'abc' }), path: undefined },
  {
    name: 'a seq gap without expectedSeq',
    value: error({ code: 'seq_gap' }),
    path: 'error.expectedSeq',
  },
  { name: 'an unknown code', value: error({ code: 'teapot' }), path: 'error.code' },
  { name: 'a missing message', value: { error: { code: 'internal' } }, path: 'error.message' },
  { name: 'a numeric message', value: error({ message: 500 }), path: 'error.message' },
  { name: 'issues that are strings', value: error({ issues: ['bad'] }), path: 'error.issues.0' },
  {
    name: 'an issue without a path',
    value: error({ issues: [{ message: 'x' }] }),
    path: 'error.issues.0.path',
  },
  {
    name: 'expectedSeq 0',
    value: error({ code: 'seq_gap', expectedSeq: 0 }),
    path: 'error.expectedSeq',
  },
  {
    name: 'a negative retryAfterMs',
    value: error({ retryAfterMs: -1 }),
    path: 'error.retryAfterMs',
  },
  { name: 'an error that is a string', value: { error: 'bad' }, path: 'error' },
  { name: 'no error', value: { message: 'bad' }, path: 'error' },
];

describe('decodeErrorBody and ErrorBodySchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(ErrorBodySchema, decodeErrorBody, value)).toBe(path);
  });

  it('accept every generated error body', () => {
    fc.assert(
      fc.property(arb.errorBody, (value) => {
        expect(decodeErrorBody(value).ok).toBe(true);
      }),
    );
  });

  it('agree on error bodies with one random fault', () => {
    fc.assert(
      fc.property(mutated(arb.errorBody), (value) => {
        expectSameVerdict(ErrorBodySchema, decodeErrorBody, value);
      }),
      { numRuns: 1000 },
    );
  });
});
