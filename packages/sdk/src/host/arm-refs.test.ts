import { decodeBatch } from '@crowdbandit/protocol';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';

const config = () => hostConfig({ priorsPollMs: 10 });

/** The edge's fetch, keeping the body of every batch sent. */
function recording(edge: FakeEdge) {
  const bodies: Uint8Array[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (String(input).endsWith('/deltas') && init?.body instanceof Uint8Array) {
      bodies.push(init.body);
    }
    return edge.fetch(input, init);
  };
  return { bodies, fetch };
}

async function withPriors(edge: FakeEdge, fetch: typeof globalThis.fetch) {
  const snapshot = edge.publish();
  const t = await startHost(config(), { fetch });
  await until(() => t.status().priorsVersion === snapshot.version);
  return t;
}

describe('arms sent by ref', () => {
  it('names the arms of the community priors by ref and spells out the others', async () => {
    const edge = new FakeEdge({ shards: 1 });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const { bodies, fetch } = recording(edge);
    const t = await withPriors(edge, fetch);
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.feedback('feed', 'm2', 'like');
    await t.host.flush();
    const sent = decodeBatch(bodies.at(-1)!);
    if (!sent.ok) throw new Error(sent.error.message);
    expect(bodies.at(-1)![2]).toBe(3);
    expect(sent.value.refs?.map((r) => r.s)).toEqual([1]);
    expect(sent.value.deltas.map((d) => d.arm)).toEqual(['m2']);
    // Counted as m1's: the crowd's 30 likes and this client's one.
    expect(edge.publish().decisions.feed?.['']).toEqual({ m1: [31, 70], m2: [1, 0] });
    await t.host.close();
  });

  it('sends a batch again with the arms spelled out when the edge cannot resolve their refs, counting them once', async () => {
    const edge = new FakeEdge({ shards: 1 });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const { bodies, fetch } = recording(edge);
    const t = await withPriors(edge, fetch);
    edge.dropCrowd();
    await t.host.feedback('feed', 'm1', 'like');
    const status = await t.host.flush();
    expect(edge.batches.map((r) => [r.status, r.refs])).toEqual([
      [409, 1],
      [200, undefined],
    ]);
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0 });
    expect(edge.publish().decisions.feed?.['']).toEqual({ m1: [1, 0] });
    // Spelled out from then on: no second refusal.
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    expect(edge.batches.map((r) => r.status)).toEqual([409, 200, 200]);
    expect(bodies.at(-1)![2]).toBe(2);
    expect(edge.publish().decisions.feed?.['']).toEqual({ m1: [2, 0] });
    expect(t.of('error')).toEqual([]);
    await t.host.close();
  });

  it('sends JSON batches, the debugging transport, with every arm spelled out', async () => {
    const edge = new FakeEdge({ shards: 1 });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const snapshot = edge.publish();
    const t = await startHost(hostConfig({ priorsPollMs: 10, transport: 'json' }), {
      fetch: edge.fetch,
    });
    await until(() => t.status().priorsVersion === snapshot.version);
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    expect(edge.batches.map((r) => [r.status, r.refs])).toEqual([[200, undefined]]);
    await t.host.close();
  });

  it('sends format 2 to an edge from before format 3, which refuses refs with 400, losing nothing', async () => {
    const edge = new FakeEdge({ shards: 1, readsRefs: false });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const { bodies, fetch } = recording(edge);
    const t = await withPriors(edge, fetch);
    await t.host.feedback('feed', 'm1', 'like');
    const status = await t.host.flush();
    expect(edge.batches.map((r) => r.status)).toEqual([400, 200]);
    expect(bodies.map((b) => b[2])).toEqual([3, 2]);
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0 });
    expect(edge.publish().decisions.feed?.['']).toEqual({ m1: [31, 70] });
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    expect(bodies.map((b) => b[2])).toEqual([3, 2, 2]);
    await t.host.close();
  });

  it('rejects a format 3 batch the edge refuses for another reason, and keeps sending refs', async () => {
    const edge = new FakeEdge({ shards: 1 });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const { bodies, fetch } = recording(edge);
    const t = await withPriors(edge, fetch);
    edge.faults.push({ kind: 'status', status: 400, code: 'invalid_body' });
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    // The rejected batch's seq never reached the edge: the next one is renumbered to it.
    expect(edge.batches.map((r) => r.status)).toEqual([400, 409, 200]);
    expect(bodies.map((b) => b[2])).toEqual([3, 3, 3]);
    expect(t.of('error').map((e) => e.code)).toEqual(['invalid_body']);
    await t.host.close();
  });
});
