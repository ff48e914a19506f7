import { evictDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { call, clientId, drainAllAlarms, keyOf, postBatch, pushShards } from './helpers.ts';
import { messages } from './messages.ts';

afterEach(drainAllAlarms);

async function subscribe(app: 'demo', key = keyOf(app)) {
  return call(`/v1/apps/${app}/priors/ws?key=${key}`, { headers: { upgrade: 'websocket' } });
}

describe('GET /v1/apps/:app/priors/ws', () => {
  it('tells a subscriber the current version at once and every new version after a merge', async () => {
    const res = await subscribe('demo');
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const next = messages(ws);
    const first = JSON.parse(await next());
    expect(first).toEqual({
      type: 'priors',
      version: await env.PRIORS.getByName('demo').version(),
    });

    // The aggregator may hibernate between announcements; the socket survives.
    await evictDurableObject(env.PRIORS.getByName('demo'));
    await postBatch('demo', {
      clientId: clientId(1),
      seq: 1,
      deltas: [{ decision: 'home-feed', context: '', arm: 'w', s: 1, f: 0 }],
    });
    await pushShards('demo');
    expect(JSON.parse(await next())).toEqual({ type: 'priors', version: first.version + 1 });
    ws.close(1000, 'done');
  });

  it('refuses a subscriber without the publishable key and a plain GET', async () => {
    const denied = await subscribe('demo', 'wrong-key-123');
    expect(denied.status).toBe(403);
    await denied.body?.cancel();
    const plain = await call(`/v1/apps/demo/priors/ws?key=${keyOf('demo')}`);
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({
      error: { code: 'invalid_body', message: expect.stringMatching(/WebSocket/) },
    });
  });
});
