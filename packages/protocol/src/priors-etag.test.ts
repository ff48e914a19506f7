import { describe, expect, it } from 'vitest';
import { etagMatches, priorsETag } from './priors-etag.ts';

describe('priorsETag', () => {
  it('quotes the version', () => {
    expect(priorsETag(12)).toBe('"12"');
  });
});

describe('etagMatches', () => {
  it.each([
    ['"12"', true],
    ['W/"12"', true],
    ['"11", "12"', true],
    ['"11",W/"12" ', true],
    ['*', true],
    ['"11"', false],
    ['"120"', false],
    ['12', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('If-None-Match %j matches version 12: %s', (header, expected) => {
    expect(etagMatches(header, 12)).toBe(expected);
  });
});
