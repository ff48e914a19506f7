import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundedContribution, boundedScale } from './bounded-contribution.ts';

describe('boundedContribution', () => {
  it('keeps a client under the bound whole', () => {
    expect(boundedContribution({ s: 3, f: 1 }, 10)).toEqual({ s: 3, f: 1 });
  });

  it('scales a client over the bound down to it, keeping its rate', () => {
    expect(boundedContribution({ s: 30, f: 10 }, 10)).toEqual({ s: 7.5, f: 2.5 });
    expect(boundedScale({ s: 30, f: 10 }, 10)).toBe(0.25);
  });

  it('depends on the totals only, never on how they were batched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(20), fc.nat(20)), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (batches, bound) => {
          const once = batches.reduce((sum, [s, f]) => ({ s: sum.s + s, f: sum.f + f }), {
            s: 0,
            f: 0,
          });
          const reversed = [...batches]
            .reverse()
            .reduce((sum, [s, f]) => ({ s: sum.s + s, f: sum.f + f }), { s: 0, f: 0 });
          const a = boundedContribution(once, bound);
          const b = boundedContribution(reversed, bound);
          expect(a.s + a.f).toBeLessThanOrEqual(bound + 1e-9);
          expect(b).toEqual(a);
        },
      ),
    );
  });
});
