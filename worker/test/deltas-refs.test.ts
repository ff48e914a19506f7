// Batches of format version 3 name arms the edge knows by a 4-byte ref: the client's shard
// finds each among the arms it holds totals for, or refuses the whole batch with 409
// unknown_arm_refs, listing the refs, and counts nothing.
import { shardOf } from '@crowdbandit/core';
import {
  armRef,
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  encodeBatch,
  type KnownArms,
} from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  clientId,
  drainAllAlarms,
  keyOf,
  shardCount,
  shardTotals,
  signed,
} from './helpers.ts';

afterEach(drainAllAlarms);

async function post(batch: DeltaBatch, known?: KnownArms) {
  const wire = { ...batch, clientId: await signed('demo', batch.clientId) };
  return call('/v1/apps/demo/deltas', {
    method: 'POST',
    headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': BINARY_CONTENT_TYPE },
    body: encodeBatch(wire, known),
  });
}

/** Client numbers from `from` on whose ids share a shard of the demo app with `from`'s. */
function sameShard(from: number, count: number): number[] {
  const shard = shardOf(clientId(from), shardCount('demo'));
  const found: number[] = [];
  for (let n = from; found.length < count; n++) {
    if (shardOf(clientId(n), shardCount('demo')) === shard) found.push(n);
  }
  return found;
}

const like = (arm: string, context = '') => ({ decision: 'home-feed', context, arm, s: 1, f: 0 });
const seen = (arm: string) => ({ decision: 'home-feed', context: '', arm, s: 0, f: 0.1, n: 1 });
const only =
  (...arms: string[]): KnownArms =>
  (_, __, arm) =>
    arms.includes(arm);
const sums = async (arm: string, context = '') =>
  (await shardTotals('demo')).sums.get(`home-feed/${context}/${arm}`);

describe('POST /v1/apps/:app/deltas with arms sent by ref', () => {
  it('counts a referenced arm as the one its shard already holds', async () => {
    const [a, b] = sameShard(1000, 2);
    const first = { clientId: clientId(a!), seq: 1, deltas: [like('ref-known-1957')] };
    expect((await post(first)).status).toBe(200);
    const second = {
      clientId: clientId(b!),
      seq: 1,
      deltas: [seen('ref-known-1957'), like('ref-new-1958')],
    };
    const res = await post(second, only('ref-known-1957'));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await sums('ref-known-1957')).toEqual({ s: 1000, f: 100, n: 1 });
    expect(await sums('ref-new-1958')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('refuses a ref its shard cannot resolve with 409 and the refs, counting nothing', async () => {
    const [a] = sameShard(1100, 1);
    const batch = {
      clientId: clientId(a!),
      seq: 1,
      deltas: [like('ref-spelled-1960'), like('ref-never-seen-1961')],
    };
    const res = await post(batch, only('ref-never-seen-1961'));
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; unknownRefs: number[] } };
    expect(body.error.code).toBe('unknown_arm_refs');
    expect(body.error.unknownRefs).toEqual([armRef('ref-never-seen-1961')]);
    expect(await sums('ref-spelled-1960')).toBeUndefined();
    // Nothing applied, the seq included: the same batch spelled out is accepted as seq 1.
    const again = await post(batch);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'accepted', seq: 1 });
    expect(await sums('ref-never-seen-1961')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('resolves refs only within the shard: an arm known to another shard is unknown', async () => {
    const [a] = sameShard(1200, 1);
    const shard = shardOf(clientId(a!), shardCount('demo'));
    let other = 1300;
    while (shardOf(clientId(other), shardCount('demo')) === shard) other++;
    const taught = { clientId: clientId(a!), seq: 1, deltas: [like('ref-elsewhere-1962')] };
    expect((await post(taught)).status).toBe(200);
    const batch = { clientId: clientId(other), seq: 1, deltas: [like('ref-elsewhere-1962')] };
    const res = await post(batch, only('ref-elsewhere-1962'));
    expect(res.status).toBe(409);
    expect(await sums('ref-elsewhere-1962')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('refuses a batch whose check does not match the arms its refs found', async () => {
    const [a, b] = sameShard(1400, 2);
    const taught = { clientId: clientId(a!), seq: 1, deltas: [like('ref-checked-1963')] };
    expect((await post(taught)).status).toBe(200);
    const wire = {
      clientId: await signed('demo', clientId(b!)),
      seq: 1,
      deltas: [like('ref-checked-1963')],
    };
    const bytes = encodeBatch(wire, only('ref-checked-1963'));
    // The check is the last 4 bytes.
    bytes[bytes.length - 1]! ^= 0xff;
    const res = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': BINARY_CONTENT_TYPE },
      body: bytes,
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'unknown_arm_refs', unknownRefs: [armRef('ref-checked-1963')] },
    });
    expect(await sums('ref-checked-1963')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('answers a replay of an applied batch as a duplicate before looking at its refs', async () => {
    const [a, b] = sameShard(1500, 2);
    const taught = { clientId: clientId(a!), seq: 1, deltas: [like('ref-replayed-1964')] };
    expect((await post(taught)).status).toBe(200);
    const batch = { clientId: clientId(b!), seq: 1, deltas: [like('ref-replayed-1964')] };
    expect((await post(batch, only('ref-replayed-1964'))).status).toBe(200);
    const replay = await post(batch, only('ref-replayed-1964'));
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ status: 'duplicate', seq: 1 });
    expect(await sums('ref-replayed-1964')).toEqual({ s: 2000, f: 0, n: 0 });
  });

  it("refuses a ref two of its shard's arms share (FNV-1a 32 collides on these two)", async () => {
    const [a, b] = sameShard(1600, 2);
    expect(armRef('movie-675989')).toBe(armRef('movie-1718032'));
    const taught = {
      clientId: clientId(a!),
      seq: 1,
      deltas: [like('movie-675989'), like('movie-1718032')],
    };
    expect((await post(taught)).status).toBe(200);
    const batch = { clientId: clientId(b!), seq: 1, deltas: [seen('movie-675989')] };
    const res = await post(batch, only('movie-675989'));
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: { code: 'unknown_arm_refs', unknownRefs: [armRef('movie-675989')] },
    });
    expect(await sums('movie-675989')).toEqual({ s: 1000, f: 0, n: 0 });
    expect(await sums('movie-1718032')).toEqual({ s: 1000, f: 0, n: 0 });
  });
});
