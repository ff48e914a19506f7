// The edge reads both binary formats: format 2 from current SDKs, format 1 from SDKs deployed
// before it; a batch counts once whichever form carries it.
import {
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  encodeBatchV1,
} from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { call, clientId, drainAllAlarms, keyOf, shardTotals, signed } from './helpers.ts';

afterEach(drainAllAlarms);

async function post(batch: DeltaBatch, encode: (b: DeltaBatch) => Uint8Array) {
  const wire = { ...batch, clientId: await signed('demo', batch.clientId) };
  return call('/v1/apps/demo/deltas', {
    method: 'POST',
    headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': BINARY_CONTENT_TYPE },
    body: encode(wire),
  });
}

const visit = (n: number, arm: string): DeltaBatch => ({
  clientId: clientId(n),
  seq: 1,
  deltas: [
    { decision: 'home-feed', context: '', arm, s: 1, f: 0.1, n: 1 },
    { decision: 'home-feed', context: '', arm: `${arm}-x`, s: 0, f: 0.1, n: 1 },
    { decision: 'strategy', context: 'timeOfDay=evening', arm: 'popular', s: 0.25, f: 0.75 },
  ],
});

describe('POST /v1/apps/:app/deltas in either binary format', () => {
  it.each([
    ['2', encodeBatch, 'fmt-two-1994', 900],
    ['1', encodeBatchV1, 'fmt-one-1994', 901],
  ])('counts a format %s batch', async (_, encode, arm, n) => {
    const res = await post(visit(n, arm), encode);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted', seq: 1 });
    const sums = (await shardTotals('demo')).sums;
    expect(sums.get(`home-feed//${arm}`)).toEqual({ s: 1000, f: 100, n: 1 });
    expect(sums.get(`home-feed//${arm}-x`)).toEqual({ s: 0, f: 100, n: 1 });
  });

  it('takes a format 1 replay of a format 2 batch as a duplicate, counted once', async () => {
    const batch = visit(903, 'replayed-2001');
    expect((await post(batch, encodeBatch)).status).toBe(200);
    const replay = await post(batch, encodeBatchV1);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: 'duplicate', seq: 1 });
    expect((await shardTotals('demo')).sums.get('home-feed//replayed-2001')).toEqual({
      s: 1000,
      f: 100,
      n: 1,
    });
  });

  it('refuses a format 2 body with non-zero padding bits with 400, counting nothing', async () => {
    const batch = visit(904, 'padded-1999');
    const bytes = encodeBatch({ ...batch, clientId: await signed('demo', batch.clientId) });
    // A signed id of 29 characters packs into 22 bytes, the last ending in 2 padding bits.
    expect(bytes[3]).toBe(29);
    const idBytes = Math.ceil((bytes[3]! * 6) / 8);
    const corrupted = new Uint8Array(bytes);
    corrupted[3 + idBytes]! |= 1;
    const res = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': BINARY_CONTENT_TYPE },
      body: corrupted,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_body' } });
    expect((await shardTotals('demo')).sums.get('home-feed//padded-1999')).toBeUndefined();
  });
});
