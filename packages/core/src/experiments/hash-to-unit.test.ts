import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/growthbook.json' with { type: 'json' };
import { hashToUnit } from './hash-to-unit.ts';

// Vectors from GrowthBook's packages/sdk-js/test/cases.json (MIT), see the JSON's "source".
type HashVector = [seed: string, value: string, version: number, expected: number | null];

// FNV-1a 32 written the textbook way (multiply by the prime 0x01000193) rather than with
// GrowthBook's shift-and-add, as an independent reference.
function referenceFnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

const anyCodeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

describe('hashToUnit', () => {
  it.each(vectors.hash as HashVector[])(
    'hashes seed %j and value %j with version %i to %s, as GrowthBook',
    (seed, value, version, expected) => {
      expect(hashToUnit(seed, value, version as 1 | 2)).toBe(expected);
    },
  );

  it.each(vectors.hashUnicode as HashVector[])(
    'hashes the UTF-16 code units of seed %j and value %j (version %i) to %s, as GrowthBook 1.8.0',
    (seed, value, version, expected) => {
      expect(hashToUnit(seed, value, version as 1 | 2)).toBe(expected);
    },
  );

  it('hashes a lone surrogate as its code unit, as GrowthBook 1.8.0 (not valid in JSON vectors)', () => {
    expect(hashToUnit('lone', '\ud800x', 2)).toBe(0.8976);
  });

  it('hashes empty strings from the FNV offset basis 0x811c9dc5 = 2166136261', () => {
    expect(hashToUnit('', '', 1)).toBe(0.261); // 2166136261 mod 1000
    expect(hashToUnit('', '', 2)).toBe((referenceFnv('2166136261') % 10000) / 10000);
    expect(hashToUnit('', '', 2)).toBe(0.2305);
  });

  it('returns null for a version other than 1 or 2', () => {
    for (const version of [0, 3, 99, -1, 1.5, Number.NaN]) {
      expect(hashToUnit('abc', 'def', version as 1 | 2)).toBeNull();
    }
  });

  it('equals the textbook FNV-1a formulas for any UTF-16 strings, lone surrogates included', () => {
    fc.assert(
      fc.property(anyCodeUnits, anyCodeUnits, (seed, value) => {
        expect(hashToUnit(seed, value, 1)).toBe((referenceFnv(value + seed) % 1000) / 1000);
        expect(hashToUnit(seed, value, 2)).toBe(
          (referenceFnv(String(referenceFnv(seed + value))) % 10000) / 10000,
        );
      }),
      { numRuns: 2000 },
    );
  });
});
