import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/growthbook.json' with { type: 'json' };
import { inNamespace } from './in-namespace.ts';

// Vectors from GrowthBook's packages/sdk-js/test/cases.json (MIT), see the JSON's "source".
type NamespaceVector = [
  name: string,
  hashValue: string,
  namespace: [string, number, number],
  expected: boolean,
];

describe('inNamespace', () => {
  it.each(vectors.inNamespace as NamespaceVector[])(
    'places %s as GrowthBook does',
    (_name, hashValue, namespace, expected) => {
      expect(inNamespace(hashValue, namespace)).toBe(expected);
    },
  );

  it('puts every user in exactly one of two slices that tile the namespace', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (user, id, cut) => {
          const left = inNamespace(user, [id, 0, cut]);
          const right = inNamespace(user, [id, cut, 1.001]);
          expect(left !== right).toBe(true);
        },
      ),
    );
  });
});
