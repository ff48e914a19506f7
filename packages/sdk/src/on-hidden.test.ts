import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../test/fake-edge.ts';
import { until } from '../test/host-harness.ts';
import { createClient } from './create-client.ts';

function hide() {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
}

let apps = 0;

function setup(loseFirstKeepalive = false) {
  apps += 1;
  const appId = `hidden${apps}`;
  const edge = new FakeEdge({ appId });
  const sent: Array<{ keepalive: boolean; seq: number | undefined }> = [];
  let lose = loseFirstKeepalive;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (init === undefined || !String(input).endsWith('/deltas')) return edge.fetch(input, init);
    const response = await edge.fetch(input, init);
    sent.push({ keepalive: init.keepalive === true, seq: edge.requests.at(-1)?.seq });
    if (init.keepalive && lose) {
      lose = false;
      throw new TypeError('the page went away before the answer');
    }
    return response;
  };
  const client = createClient({
    appId,
    endpoint: 'https://edge.test',
    publishableKey: 'pk_test',
    decisions: { feed: { kind: 'rank' } },
    fetch,
    webSocket: false,
    flushIntervalMs: 3_600_000,
  });
  return { client, edge, sent };
}

describe('flush when the page is hidden', () => {
  it('seals and sends the lowest batch with keepalive, and applies its ack', async () => {
    const { client, edge, sent } = setup();
    await until(() => client.status().leader);
    // The leader's first pass has the client id signed.
    await client.flush();
    await client.feedback('feed', 'm1', 'like');
    hide();
    await until(() => client.status().lastAckedSeq === 1);
    expect(sent).toEqual([{ keepalive: true, seq: 1 }]);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await client.flush();
    expect(sent).toHaveLength(1);
    await client.close();
  });

  it('leaves a batch whose answer was lost to the send loop, which the edge answers as a duplicate', async () => {
    const { client, edge, sent } = setup(true);
    await until(() => client.status().leader);
    await client.flush();
    await client.feedback('feed', 'm1', 'like');
    hide();
    await until(() => sent.length === 1);
    const status = await client.flush();
    expect(status).toMatchObject({ lastAckedSeq: 1, pendingBatches: 0 });
    expect(sent).toEqual([
      { keepalive: true, seq: 1 },
      { keepalive: false, seq: 1 },
    ]);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await client.close();
  });
});
