import { afterEach, describe, expect, it } from 'vitest';
import { call, clientId, drainAllAlarms, keyOf, postBatch, shardTotals } from './helpers.ts';

afterEach(drainAllAlarms);

const like = (arm: string) => ({ decision: 'home-feed', context: '', arm, s: 1, f: 0 });

describe('POST /v1/apps/:app/deltas', () => {
  it('acknowledges a batch with its shard and the shard version that includes it', async () => {
    const res = await postBatch('demo', { clientId: clientId(1), seq: 1, deltas: [like('m1')] });
    expect(res.status).toBe(200);
    const ack = await res.json<{
      status: string;
      seq: number;
      shard: number;
      shardVersion: number;
    }>();
    expect(ack).toMatchObject({ status: 'accepted', seq: 1 });
    expect(ack.shardVersion).toBeGreaterThan(0);
    expect((await shardTotals('demo')).sums.get('home-feed//m1')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('acknowledges a replayed batch as a duplicate without counting it twice', async () => {
    const batch = { clientId: clientId(2), seq: 1, deltas: [like('m2')] };
    const first = await (await postBatch('demo', batch)).json<{ shardVersion: number }>();
    const replay = await postBatch('demo', batch, 'binary');
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({
      status: 'duplicate',
      seq: 1,
      shardVersion: first.shardVersion,
    });
    expect((await shardTotals('demo')).sums.get('home-feed//m2')).toEqual({ s: 1000, f: 0, n: 0 });
  });

  it('answers a gap with 409 and the seq it expects, changing nothing', async () => {
    const before = await shardTotals('demo');
    const res = await postBatch('demo', { clientId: clientId(3), seq: 3, deltas: [like('m3')] });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: 'seq_gap', message: 'batch 3 skips ahead: send seq 1 next', expectedSeq: 1 },
    });
    expect(await shardTotals('demo')).toEqual(before);
  });

  it('takes the binary form exactly like JSON', async () => {
    await postBatch(
      'demo',
      { clientId: clientId(4), seq: 1, deltas: [{ ...like('m4'), f: 0.5, n: 2 }] },
      'binary',
    );
    expect((await shardTotals('demo')).sums.get('home-feed//m4')).toEqual({
      s: 1000,
      f: 500,
      n: 2,
    });
  });

  it('rejects a body that is not a valid batch with 400 naming the failing paths', async () => {
    const res = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': 'application/json' },
      body: JSON.stringify({
        clientId: 'short',
        seq: 0,
        deltas: [{ decision: 'd', context: '', arm: 'a', s: -1, f: 0 }],
      }),
    });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: { code: string; issues: { path: string }[] } }>();
    expect(body.error.code).toBe('invalid_body');
    expect(body.error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['clientId', 'seq', 'deltas.0.s']),
    );
  });

  it('answers 415 for an unsupported content type and 413 for an oversized body', async () => {
    const headers = { 'x-crowdbandit-key': keyOf('demo') };
    const text = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
    const huge = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(300_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('answers 413 for an oversized body streamed without a length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': 'application/json' },
      body,
      // @ts-expect-error: duplex is required for a streamed request body
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    await res.body?.cancel();
  });
});
