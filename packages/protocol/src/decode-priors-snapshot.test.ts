import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSameVerdict, type Row, titled } from '../test/agreement.ts';
import * as arb from '../test/arbitraries.ts';
import { mutated } from '../test/mutate.ts';
import { decodePriorsSnapshot } from './decode-priors-snapshot.ts';
import { PriorsSnapshotSchema } from './priors-snapshot.ts';

const snapshot = (fields: object = {}) => ({
  app: 'movies',
  version: 12,
  generatedAt: 1_763_800_000_000,
  shards: { '0': 40, '1': 38 },
  decisions: {
    'home-feed': { evening: { 'movie-1234': [31.5, 12.25] }, '': { 'movie-7': [0, 1] } },
  },
  ...fields,
});
const kappa = { value: 812, source: 'estimate', clients: 4812, rho: 0.00123 };
const arms = (pairs: object) => ({ decisions: { 'home-feed': { '': pairs } } });

const rows: Row[] = [
  { name: 'a snapshot', value: snapshot(), path: undefined },
  { name: 'an empty snapshot', value: snapshot({ shards: {}, decisions: {} }), path: undefined },
  { name: 'an unknown field', value: snapshot({ etag: '"12"' }), path: undefined },
  { name: 'totals over 1e9', value: snapshot(arms({ m: [5e12, 1e10] })), path: undefined },
  { name: 'a missing app', value: { ...snapshot(), app: undefined }, path: 'app' },
  { name: 'a negative version', value: snapshot({ version: -1 }), path: 'version' },
  { name: 'a fractional generatedAt', value: snapshot({ generatedAt: 1.5 }), path: 'generatedAt' },
  {
    name: 'a shard key that is not an index',
    value: snapshot({ shards: { a: 1 } }),
    path: 'shards.a',
  },
  {
    name: 'a shard key with a leading zero',
    value: snapshot({ shards: { '01': 1 } }),
    path: 'shards.01',
  },
  {
    name: 'a fractional shard version',
    value: snapshot({ shards: { '0': 0.5 } }),
    path: 'shards.0',
  },
  {
    name: 'an empty decision name',
    value: snapshot({ decisions: { '': {} } }),
    path: 'decisions.',
  },
  {
    name: 'an arm id of 129 characters',
    value: snapshot(arms({ ['a'.repeat(129)]: [1, 1] })),
    path: `decisions.home-feed..${'a'.repeat(129)}`,
  },
  {
    name: 'a control character in a context key',
    value: snapshot({ decisions: { d: { 'a\tb': {} } } }),
    path: 'decisions.d.a\tb',
  },
  {
    name: 'a pair of three numbers',
    value: snapshot(arms({ m: [1, 2, 3] })),
    path: 'decisions.home-feed..m',
  },
  {
    name: 'a pair of one number',
    value: snapshot(arms({ m: [1] })),
    path: 'decisions.home-feed..m',
  },
  { name: 'a negative S', value: snapshot(arms({ m: [-1, 2] })), path: 'decisions.home-feed..m.0' },
  {
    name: 'an infinite F',
    value: snapshot(arms({ m: [1, Number.POSITIVE_INFINITY] })),
    path: 'decisions.home-feed..m.1',
  },
  {
    name: 'a pair as an object',
    value: snapshot(arms({ m: { S: 1, F: 2 } })),
    path: 'decisions.home-feed..m',
  },
  { name: 'decisions as an array', value: snapshot({ decisions: [] }), path: 'decisions' },
  { name: 'a bound per client', value: snapshot({ maxWeightPerClient: 5 }), path: undefined },
  {
    name: 'a bound of 0',
    value: snapshot({ maxWeightPerClient: 0 }),
    path: 'maxWeightPerClient',
  },
  { name: 'a kappa', value: snapshot({ kappa: { 'home-feed': kappa } }), path: undefined },
  {
    name: 'a kappa with arms',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, arms: { '': { 'movie-7': 40 } } } } }),
    path: undefined,
  },
  {
    name: 'a fallback kappa with no rho',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, source: 'fallback', rho: null } } }),
    path: undefined,
  },
  {
    name: 'a kappa of 0',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, value: 0 } } }),
    path: 'kappa.home-feed.value',
  },
  {
    name: 'an unknown kappa source',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, source: 'guess' } } }),
    path: 'kappa.home-feed.source',
  },
  {
    name: 'a rho over 1',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, rho: 2 } } }),
    path: 'kappa.home-feed.rho',
  },
  {
    name: 'a kappa without rho',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, rho: undefined } } }),
    path: 'kappa.home-feed.rho',
  },
  {
    name: 'an arm kappa that is negative',
    value: snapshot({ kappa: { 'home-feed': { ...kappa, arms: { '': { m: -3 } } } } }),
    path: 'kappa.home-feed.arms..m',
  },
];

describe('decodePriorsSnapshot and PriorsSnapshotSchema', () => {
  it.each(titled(rows))('judge $name alike: $verdict', ({ value, path }) => {
    expect(expectSameVerdict(PriorsSnapshotSchema, decodePriorsSnapshot, value)).toBe(path);
  });

  it('accept every generated snapshot', () => {
    fc.assert(
      fc.property(arb.priorsSnapshot, (value) => {
        expect(decodePriorsSnapshot(value).ok).toBe(true);
      }),
    );
  });

  it('agree on snapshots with one random fault', () => {
    fc.assert(
      fc.property(mutated(arb.priorsSnapshot), (value) => {
        expectSameVerdict(PriorsSnapshotSchema, decodePriorsSnapshot, value);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('decodePriorsSnapshot', () => {
  it('keeps an arm id called __proto__ as data', () => {
    const value = JSON.parse(
      '{"app":"a","version":1,"generatedAt":0,"shards":{},"decisions":{"d":{"":{"__proto__":[1,2]}}}}',
    );
    const result = decodePriorsSnapshot(value);
    expect(result.ok && Object.hasOwn(result.value.decisions.d![''] ?? {}, '__proto__')).toBe(true);
  });

  it('differs from zod there: zod records skip a __proto__ key, so zod would lose that arm', () => {
    const value = JSON.parse(
      '{"app":"a","version":1,"generatedAt":0,"shards":{},"decisions":{"d":{"":{"__proto__":[1,2]}}}}',
    );
    const parsed = PriorsSnapshotSchema.parse(value);
    expect(Object.hasOwn(parsed.decisions.d?.[''] ?? {}, '__proto__')).toBe(false);
  });

  it('checks a snapshot of 100,000 arms in well under a second', () => {
    const pairs = Object.fromEntries(
      Array.from({ length: 100_000 }, (_, i) => [`movie-${i}`, [i, 1]]),
    );
    const started = performance.now();
    expect(decodePriorsSnapshot(snapshot(arms(pairs))).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
