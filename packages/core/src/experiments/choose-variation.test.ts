import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/growthbook.json' with { type: 'json' };
import type { BucketRange } from './bucket-ranges.ts';
import { chooseVariation } from './choose-variation.ts';

// Vectors from GrowthBook's packages/sdk-js/test/cases.json (MIT), see the JSON's "source".
type ChooseVector = [name: string, n: number, ranges: BucketRange[], expected: number];

describe('chooseVariation', () => {
  it.each(vectors.chooseVariation as ChooseVector[])(
    'chooses as GrowthBook does for %s',
    (_name, n, ranges, expected) => {
      expect(chooseVariation(n, ranges)).toBe(expected);
    },
  );

  it('returns -1 when there are no ranges', () => {
    expect(chooseVariation(0.5, [])).toBe(-1);
  });
});
