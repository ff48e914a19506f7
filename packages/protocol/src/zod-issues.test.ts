import { beforeAll, describe, expect, it } from 'vitest';
import { DeltaBatchSchema } from './delta-batch.ts';
import { installEnglishMessages } from './english-messages.ts';
import { issuesFromZod } from './zod-issues.ts';

beforeAll(installEnglishMessages);

describe('issuesFromZod', () => {
  it('joins each path with dots', () => {
    const result = DeltaBatchSchema.safeParse({
      clientId: 'c_8f2a61d0',
      seq: 1,
      deltas: [0, 1, 2, { decision: 'd', context: '', arm: 'a', s: 1e10, f: 0 }],
    });
    expect(issuesFromZod(result.error?.issues ?? []).at(-1)).toEqual({
      path: 'deltas.3.s',
      message: 'Too big: expected number to be <=1000000000',
    });
  });

  it('gives the body itself the empty path', () => {
    expect(issuesFromZod([{ path: [], message: 'expected object' }])).toEqual([
      { path: '', message: 'expected object' },
    ]);
  });

  it('writes symbols and numbers as text', () => {
    expect(issuesFromZod([{ path: ['a', 0, Symbol('s')], message: 'm' }])[0]?.path).toBe(
      'a.0.Symbol(s)',
    );
  });
});
