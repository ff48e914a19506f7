import { createRng } from '@crowdbandit/core';
import { createClient, type FeedbackEvent } from '@crowdbandit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy.ts';
import { type LocalEdge, startLocalEdge, TEST_APP } from '../support/local-edge.ts';

let edge: LocalEdge;
let proxy: FaultProxy;

beforeAll(async () => {
  edge = await startLocalEdge();
  proxy = await startFaultProxy(
    edge.url,
    { dropRequest: 0.2, dropResponse: 0.1, duplicate: 0.1 },
    createRng(7),
  );
});

afterAll(async () => {
  await proxy?.close();
  await edge?.dispose();
});

// Events whose rewards are whole thousandths, so the ground truth is integer arithmetic.
const EVENTS: ReadonlyArray<{ event: FeedbackEvent; s: number; f: number; n: number }> = [
  { event: 'like', s: 1000, f: 0, n: 0 },
  { event: 'dislike', s: 0, f: 1000, n: 0 },
  { event: 'click', s: 1000, f: 0, n: 0 },
  { event: 'bookmark', s: 2000, f: 0, n: 0 },
  { event: 'impression', s: 0, f: 100, n: 1 },
  { event: { type: 'rating', value: 2 }, s: 250, f: 750, n: 0 },
  { event: { type: 'rating', value: 5 }, s: 1000, f: 0, n: 0 },
  { event: { type: 'dwell', ms: 12_000 }, s: 400, f: 600, n: 0 },
];

/** The admin's raw totals of decision `feed`: every event exactly once, before any bound. */
async function edgeTotals(): Promise<Map<string, { s: number; f: number; n: number }>> {
  const res = await fetch(`${edge.url}/v1/apps/${TEST_APP.id}/totals`, {
    headers: { authorization: `Bearer ${TEST_APP.adminToken}` },
  });
  const body = (await res.json()) as {
    decisions: Record<string, Record<string, Record<string, { raw: [number, number, number] }>>>;
  };
  const arms = Object.entries(body.decisions.feed?.[''] ?? {});
  return new Map(
    arms.map(([arm, { raw }]) => [
      arm,
      { s: Math.round(raw[0] * 1000), f: Math.round(raw[1] * 1000), n: raw[2] },
    ]),
  );
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('sync over a faulty network, against the real edge', () => {
  it('delivers 5,000 events exactly once through dropped requests, lost responses and duplicates', async () => {
    const client = createClient({
      appId: TEST_APP.id,
      endpoint: proxy.url,
      publishableKey: TEST_APP.key,
      decisions: { feed: { kind: 'rank' } },
      worker: false,
      storage: 'memory',
      webSocket: false,
      flushIntervalMs: 3_600_000,
      retry: { baseMs: 5, maxMs: 50 },
      seed: 11,
    });
    const rng = createRng(2026);
    const truth = new Map<string, { s: number; f: number; n: number }>();
    for (let i = 1; i <= 5000; i++) {
      const arm = `film-${Math.floor(rng() ** 1.5 * 300)}`;
      const e = EVENTS[Math.floor(rng() * EVENTS.length)]!;
      await client.feedback('feed', arm, e.event);
      const t = truth.get(arm) ?? { s: 0, f: 0, n: 0 };
      truth.set(arm, { s: t.s + e.s, f: t.f + e.f, n: t.n + e.n });
      if (i % 50 === 0) await client.flush();
    }
    await until(
      async () =>
        (await client.flush()).pendingBatches === 0 && client.status().pendingBatches === 0,
      60_000,
    );

    // The faults really happened.
    expect(proxy.counts.droppedRequests).toBeGreaterThan(10);
    expect(proxy.counts.droppedResponses).toBeGreaterThan(5);
    expect(proxy.counts.duplicated).toBeGreaterThan(5);

    // Shards push to the aggregator 200 ms after their last change: wait for the totals to
    // settle, then compare every arm key exactly (a lost or doubled event never settles).
    let totals = await edgeTotals();
    const matches = () =>
      [...truth].every(([arm, t]) => JSON.stringify(totals.get(arm)) === JSON.stringify(t));
    await until(async () => {
      totals = await edgeTotals();
      return matches();
    }, 15_000).catch(() => undefined);
    for (const [arm, expected] of truth) expect(totals.get(arm), arm).toEqual(expected);
    await client.close();
  }, 120_000);
});
