import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBatchJson, validateBatch } from './decode-batch-json.ts';
import { installEnglishMessages } from './english-messages.ts';

beforeAll(installEnglishMessages);

describe('decodeBatchJson', () => {
  it('reports malformed JSON as an error result', () => {
    const result = decodeBatchJson('{"clientId":');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toMatch(/^invalid JSON: /);
      expect(result.error.issues).toEqual([{ path: '', message: result.error.message }]);
    }
  });

  it('decodes a valid body', () => {
    const text =
      '{"clientId":"c_8f2a61d0","seq":3,"deltas":[{"decision":"d","context":"","arm":"a","s":0,"f":1}]}';
    expect(decodeBatchJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });
});

describe('validateBatch', () => {
  it('lists every issue with its dotted path and counts the rest in the message', () => {
    const result = validateBatch({
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [
        { decision: 'd', context: '', arm: 'a', s: 1, f: 0 },
        { decision: 'd', context: '', arm: 'b', s: -1, f: Number.NaN },
      ],
    });
    expect(result).toEqual({
      ok: false,
      error: {
        message: 'deltas.1.s: Too small: expected number to be >=0 (and 1 more)',
        issues: [
          { path: 'deltas.1.s', message: 'Too small: expected number to be >=0' },
          { path: 'deltas.1.f', message: 'Invalid input: expected number, received NaN' },
        ],
      },
    });
  });

  it('says what is wrong with a body that is not an object', () => {
    const result = validateBatch('hello');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error.message).toBe('Invalid input: expected object, received string');
  });
});
