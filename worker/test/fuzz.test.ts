import { env } from 'cloudflare:workers';
import {
  BINARY_CONTENT_TYPE,
  decodeBatch,
  encodeBatch,
  validateBatch,
} from '@crowdbandit/protocol';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, call, clientId, drainAllAlarms, keyOf, shardTotals } from './helpers.ts';

afterAll(drainAllAlarms);

const valid = {
  clientId: clientId(1),
  seq: 1,
  deltas: [
    { decision: 'home-feed', context: 'timeOfDay=evening', arm: 'tt0111161', s: 1, f: 0.1, n: 1 },
    { decision: 'home-feed', context: '', arm: 'tt0068646', s: 0, f: 1 },
  ],
};

// Values that break a field: wrong types, out-of-range and non-finite numbers (as JSON
// allows them: huge literals, strings), deep nesting, absurd lengths.
const poison = fc.oneof(
  fc.constantFrom(
    null,
    true,
    '',
    'NaN',
    'Infinity',
    -1,
    -0.001,
    1e300,
    2 ** 53,
    1.5,
    [],
    {},
    'x'.repeat(300),
  ),
  fc.string(),
  fc.double(),
  fc.integer({ min: 0, max: 30 }).map((depth) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = { v };
    return v;
  }),
);

const FIELDS = [
  'clientId',
  'seq',
  'deltas',
  'deltas.0',
  'deltas.0.decision',
  'deltas.0.context',
  'deltas.0.arm',
  'deltas.0.s',
  'deltas.0.f',
  'deltas.0.n',
  'extra',
];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let at: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) at = at[part] as Record<string, unknown>;
  at[parts.at(-1)!] = value;
}

const mutatedJson = fc.tuple(fc.constantFrom(...FIELDS), poison).map(([path, value]) => {
  const body = structuredClone(valid) as unknown as Record<string, unknown>;
  setPath(body, path, value);
  return { type: 'application/json', body: JSON.stringify(body) as string | Uint8Array };
});

const bytes = encodeBatch(valid);
const mutatedBinary = fc
  .oneof(
    fc.integer({ min: 0, max: bytes.length - 1 }).map((n) => bytes.slice(0, n)),
    fc
      .tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }))
      .map(([at, b]) => {
        const copy = bytes.slice();
        copy[at] = b;
        return copy;
      }),
    fc.uint8Array({ maxLength: 200 }),
  )
  .map((body) => ({ type: BINARY_CONTENT_TYPE, body: body as string | Uint8Array }));

const wrongType = fc
  .tuple(
    fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      '',
      'application/jsonx',
    ),
    fc.constant(JSON.stringify(valid)),
  )
  .map(([type, body]) => ({ type, body: body as string | Uint8Array }));

const garbageJson = fc
  .oneof(fc.string(), fc.json())
  .map((body) => ({ type: 'application/json', body: body as string | Uint8Array }));

// Only bodies the protocol itself rejects: the point is what the edge does with them.
function isInvalid({ type, body }: { type: string; body: string | Uint8Array }): boolean {
  if (type === BINARY_CONTENT_TYPE) return !decodeBatch(body as Uint8Array).ok;
  if (type !== 'application/json') return true;
  try {
    return !validateBatch(JSON.parse(body as string)).ok;
  } catch {
    return true;
  }
}

const malformed = fc.oneof(mutatedJson, mutatedBinary, wrongType, garbageJson).filter(isInvalid);

describe('malformed input', () => {
  it('answers 2,000 malformed batches with 4xx only and changes no state', async () => {
    const before = await shardTotals('demo');
    const priorsVersion = await env.PRIORS.getByName('demo').version();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformed, async ({ type, body }) => {
        const res = await call('/v1/apps/demo/deltas', {
          method: 'POST',
          headers: {
            'x-crowdbandit-key': keyOf('demo'),
            ...(type ? { 'content-type': type } : {}),
          },
          body,
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const text = await res.text();
        expect(res.status, text).toBeGreaterThanOrEqual(400);
        expect(res.status, text).toBeLessThan(500);
        expect(JSON.parse(text).error.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 2000, seed: 20261122 },
    );
    expect(await shardTotals('demo')).toEqual(before);
    expect(await env.PRIORS.getByName('demo').version()).toBe(priorsVersion);
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 415]));
  }, 120_000);

  it('answers malformed events and seed feedback with 4xx only', async () => {
    const before = await shardTotals('demo');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/apps/demo/events', '/feedback'),
        fc.oneof(
          fc.json(),
          fc.string(),
          poison.map((p) => JSON.stringify({ events: [p] })),
        ),
        async (path, body) => {
          const res = await call(path, {
            method: 'POST',
            headers: { ...admin(), 'content-type': 'application/json' },
            body,
          });
          const text = await res.text();
          expect(res.status, text).toBeGreaterThanOrEqual(400);
          expect(res.status, text).toBeLessThan(500);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
    const after = await shardTotals('demo');
    expect(after.sums).toEqual(before.sums);
  }, 120_000);
});
