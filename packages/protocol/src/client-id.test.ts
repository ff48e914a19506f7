import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import { ClientIdRequestSchema, ClientIdResponseSchema } from './client-id.ts';
import { decodeClientIdResponse } from './decode-client-id-response.ts';

describe('ClientIdRequestSchema', () => {
  it.each([
    ['no id', {}, true],
    ['an id of 16 characters', { id: 'q3Vd0m_Zt8uJkP2x' }, true],
    ['an id of 48 characters', { id: 'a'.repeat(48) }, true],
    ['an id of 49 characters, too long to sign', { id: 'a'.repeat(49) }, false],
    ['an id of 7 characters', { id: 'abcdefg' }, false],
    ['an id with a dot', { id: 'abcdefgh.' }, false],
    ['an unknown field', { id: 'abcdefgh', sig: 'x' }, false],
  ])('judges %s', (_, value, ok) => {
    expect(ClientIdRequestSchema.safeParse(value).success).toBe(ok);
  });
});

const answer = { clientId: 'q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE' };
const rows: Row[] = [
  { name: 'a signed id', value: answer, path: undefined },
  { name: 'an unknown field', value: { ...answer, issuedAt: 1 }, path: undefined },
  { name: 'no id', value: {}, path: 'clientId' },
  { name: 'an id of 65 characters', value: { clientId: 'a'.repeat(65) }, path: 'clientId' },
  { name: 'an id with a space', value: { clientId: 'abcd efgh' }, path: 'clientId' },
  { name: 'a number', value: { clientId: 12345678 }, path: 'clientId' },
  { name: 'null', value: null, path: '' },
];

describe('decodeClientIdResponse and ClientIdResponseSchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(ClientIdResponseSchema, decodeClientIdResponse, value)).toBe(path);
  });
});
