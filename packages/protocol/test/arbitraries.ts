// Test helper: fast-check arbitraries for valid wire values.
import fc from 'fast-check';
import type { Ack } from '../src/ack.ts';
import type { Delta, DeltaBatch } from '../src/delta-batch.ts';
import { deltaKey } from '../src/delta-key.ts';
import { isEmptyDelta } from '../src/empty-delta.ts';
import type { ErrorBody } from '../src/error-body.ts';
import { ERROR_CODES } from '../src/error-codes.ts';
import type { PriorsAnnouncement } from '../src/priors-announcement.ts';
import type { PriorsSnapshot } from '../src/priors-snapshot.ts';
import { quantize } from '../src/quantize.ts';
import { WIRE_TEXT } from '../src/text-rules.ts';

const inLength = (min: number, max: number) => (s: string) =>
  s.length >= min && s.length <= max && WIRE_TEXT.test(s);

/** Wire text: a few shared realistic names (so dictionaries repeat) and arbitrary Unicode. */
export const wireText = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc
      .constantFrom(
        'home-feed',
        'strategy',
        'movie-1234',
        'movie-42',
        'evening',
        'timeOfDay=evening;dayType=weekday',
        'userType=power',
        'é',
        '😀',
        '\ufeffbom',
      )
      .filter(inLength(min, max)),
    fc.string({ minLength: min, maxLength: max }).filter(inLength(min, max)),
    fc.string({ unit: 'binary', minLength: min, maxLength: max }).filter(inLength(min, max)),
  );

export const name = wireText(1, 128);
/** Arm ids in the slug alphabet (`the-godfather-1972`), which format version 2 packs. */
export const slugArm = fc.stringMatching(/^[a-z0-9-]{1,128}$/);
export const context = fc.oneof(fc.constant(''), wireText(0, 256));
export const clientId = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);
export const seq = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.maxSafeInteger().filter((n) => n >= 1),
);
export const whole = fc.oneof(fc.nat(1000), fc.maxSafeNat());

/** A count in [0, 1e9]: exact thousandths, arbitrary doubles and the edges. */
export const count = fc.oneof(
  fc.constantFrom(0, 1, 2, 0.25, 0.75, 1e9),
  fc.integer({ min: 0, max: 1e12 }).map((m) => m / 1000),
  fc.double({ min: 0, max: 1e9, noNaN: true }),
);

export const delta: fc.Arbitrary<Delta> = fc
  .record(
    { decision: name, context, arm: fc.oneof(name, slugArm), s: count, f: count, n: fc.nat(1e9) },
    { requiredKeys: ['decision', 'context', 'arm', 's', 'f'] },
  )
  .filter((d) => !isEmptyDelta(d));

export const batch = (maxDeltas = 30): fc.Arbitrary<DeltaBatch> =>
  fc.record({
    clientId,
    seq,
    deltas: fc.uniqueArray(delta, { minLength: 1, maxLength: maxDeltas, selector: deltaKey }),
  });

/** What a batch looks like after the wire: s and f in thousandths (and no -0). */
export const onTheWire = (b: DeltaBatch): DeltaBatch => ({
  clientId: b.clientId,
  seq: b.seq,
  deltas: b.deltas.map((d) => ({ ...d, s: quantize(d.s) || 0, f: quantize(d.f) || 0 })),
});

export const ack: fc.Arbitrary<Ack> = fc.record(
  {
    status: fc.constantFrom('accepted', 'duplicate'),
    seq,
    shard: whole,
    shardVersion: whole,
  },
  { requiredKeys: ['status', 'seq', 'shard', 'shardVersion'] },
);

export const errorBody: fc.Arbitrary<ErrorBody> = fc
  .record(
    {
      code: fc.constantFrom(...ERROR_CODES),
      message: fc.string(),
      issues: fc.array(fc.record({ path: fc.string(), message: fc.string() }), { maxLength: 3 }),
      expectedSeq: seq,
      retryAfterMs: whole,
    },
    { requiredKeys: ['code', 'message'] },
  )
  .filter((error) => error.code !== 'seq_gap' || error.expectedSeq !== undefined)
  .map((error) => ({ error }));

const pair = fc.tuple(count, count);

// zod records skip a `__proto__` key (neither checked nor kept); the hand-written decoder
// checks and keeps it. Leave it out where the two are compared.
const key = (text: fc.Arbitrary<string>) => text.filter((k) => k !== '__proto__');

const positive = fc.double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true });

const kappa = fc.record(
  {
    value: positive,
    source: fc.constantFrom('estimate', 'ceiling', 'fallback'),
    clients: whole,
    rho: fc.option(fc.double({ min: -1, max: 1, noNaN: true })),
    arms: fc.dictionary(key(context), fc.dictionary(key(name), positive, { maxKeys: 2 }), {
      maxKeys: 2,
    }),
  },
  { requiredKeys: ['value', 'source', 'clients', 'rho'] },
);

export const priorsSnapshot: fc.Arbitrary<PriorsSnapshot> = fc.record(
  {
    app: name,
    version: whole,
    generatedAt: fc.integer({ min: 0, max: 8.64e15 }),
    shards: fc.dictionary(fc.nat(999).map(String), whole, { maxKeys: 4 }),
    decisions: fc.dictionary(
      key(name),
      fc.dictionary(key(context), fc.dictionary(key(name), pair, { maxKeys: 3 }), { maxKeys: 3 }),
      { maxKeys: 3 },
    ),
    maxWeightPerClient: positive,
    kappa: fc.dictionary(key(name), kappa, { maxKeys: 2 }),
  },
  { requiredKeys: ['app', 'version', 'generatedAt', 'shards', 'decisions'] },
);

export const priorsAnnouncement: fc.Arbitrary<PriorsAnnouncement> = fc.record({
  type: fc.constant('priors'),
  version: whole,
});

/** The deltas in the order format version 2 gives them back: grouped by decision and context. */
export const grouped = (b: DeltaBatch): DeltaBatch => {
  const groups = new Map<string, DeltaBatch['deltas'][number][]>();
  for (const d of b.deltas) {
    const key = `${d.decision}\u0000${d.context}`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  return { ...b, deltas: [...groups.values()].flat() };
};
