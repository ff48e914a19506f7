import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';

const config = () => hostConfig({ priorsPollMs: 10 });

describe('community priors', () => {
  it("does not count the client's own likes twice once a snapshot includes them", async () => {
    const edge = new FakeEdge();
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const t = await startHost(config(), { fetch: edge.fetch });
    for (let i = 0; i < 10; i++) await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    const snapshot = edge.publish();
    expect(snapshot.decisions.feed?.['']?.m1).toEqual([40, 70]);
    await until(() => t.status().priorsVersion === snapshot.version);
    const posterior = await t.host.posterior('feed', 'm1', undefined);
    // Crowd without this client: 30/100, strength min(100, κ 100) -> Beta(31, 71); plus own 10 likes.
    expect(posterior.prior).toBe('community');
    expect(posterior.alpha).toBeCloseTo(41, 9);
    expect(posterior.beta).toBeCloseTo(71, 9);
    expect(t.of('priors')).toContainEqual({ version: snapshot.version });
    await t.host.close();
  });

  it('keeps the posterior steady while the snapshot catches up with acknowledged batches', async () => {
    const edge = new FakeEdge();
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const before = edge.publish();
    const t = await startHost(config(), { fetch: edge.fetch });
    await until(() => t.status().priorsVersion === before.version);
    for (let i = 0; i < 10; i++) await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    const acked = await t.host.posterior('feed', 'm1', undefined);
    const after = edge.publish();
    await until(() => t.status().priorsVersion === after.version);
    const included = await t.host.posterior('feed', 'm1', undefined);
    expect(acked.alpha).toBeCloseTo(41, 9);
    expect(included.alpha).toBeCloseTo(acked.alpha, 9);
    expect(included.beta).toBeCloseTo(acked.beta, 9);
    await t.host.close();
  });

  it('subtracts exactly its bounded share when it gave more than the per-client bound', async () => {
    const edge = new FakeEdge({ maxWeightPerClient: 4 });
    edge.addCrowd('feed', '', 'm1', 30, 70);
    const t = await startHost(config(), { fetch: edge.fetch });
    for (let i = 0; i < 8; i++) await t.host.feedback('feed', 'm1', 'like');
    for (let i = 0; i < 2; i++) await t.host.feedback('feed', 'm1', 'dislike');
    await t.host.flush();
    const snapshot = edge.publish();
    // The edge counts this client's 10 as 4, at its rate: 3.2 likes and 0.8 dislikes.
    expect(snapshot.decisions.feed?.['']?.m1).toEqual([33.2, 70.8]);
    expect(snapshot.maxWeightPerClient).toBe(4);
    await until(() => t.status().priorsVersion === snapshot.version);
    const posterior = await t.host.posterior('feed', 'm1', undefined);
    // The crowd without this client, 30/70, as a prior of strength 100; plus its own 8/2.
    expect(posterior.community?.evidence).toBeCloseTo(100, 9);
    expect(posterior.alpha).toBeCloseTo(31 + 8, 9);
    expect(posterior.beta).toBeCloseTo(71 + 2, 9);
    await t.host.close();
  });

  it("blends the published κ, an arm's own where it has one, and explains it", async () => {
    const edge = new FakeEdge();
    edge.kappa = {
      feed: { value: 20, source: 'estimate', clients: 500, rho: 0.047, arms: { '': { m2: 5 } } },
    };
    edge.addCrowd('feed', '', 'm1', 300, 700);
    edge.addCrowd('feed', '', 'm2', 50, 50);
    const snapshot = edge.publish();
    const t = await startHost(config(), { fetch: edge.fetch });
    await until(() => t.status().priorsVersion === snapshot.version);
    const m1 = await t.host.posterior('feed', 'm1', undefined);
    expect(m1).toMatchObject({ prior: 'community', alpha: 7, beta: 15 });
    expect(m1.community).toEqual({
      strength: 20,
      evidence: 1000,
      kappa: { value: 20, source: 'estimate' },
      capped: false,
    });
    const ranked = await t.host.rank('feed', [{ id: 'm1' }, { id: 'm2' }], { explain: true });
    const m2 = ranked.find((item) => item.id === 'm2')!.explanation;
    expect(m2).toMatchObject({ prior: 'community', alpha: 3.5, beta: 3.5 });
    expect(m2.community).toEqual({
      strength: 5,
      evidence: 100,
      kappa: { value: 5, source: 'arm' },
      capped: false,
    });
    await t.host.close();
  });

  it("holds the prior at the decision's maxPriorStrength when that is below κ", async () => {
    const edge = new FakeEdge();
    edge.kappa = { feed: { value: 400, source: 'ceiling', clients: 900, rho: -0.01 } };
    edge.addCrowd('feed', '', 'm1', 300, 700);
    const snapshot = edge.publish();
    const decisions = { feed: { kind: 'rank', maxPriorStrength: 50 } } as const;
    const t = await startHost(hostConfig({ priorsPollMs: 10, decisions }), { fetch: edge.fetch });
    await until(() => t.status().priorsVersion === snapshot.version);
    const posterior = await t.host.posterior('feed', 'm1', undefined);
    expect(posterior).toMatchObject({ alpha: 16, beta: 36 });
    expect(posterior.community).toMatchObject({ strength: 50, capped: true });
    await t.host.close();
  });

  it('uses the default κ and subtracts all its own with priors from an older edge', async () => {
    const edge = new FakeEdge({ maxWeightPerClient: null });
    edge.kappa = null;
    edge.addCrowd('feed', '', 'm1', 3000, 7000);
    const t = await startHost(config(), { fetch: edge.fetch });
    for (let i = 0; i < 10; i++) await t.host.feedback('feed', 'm1', 'like');
    await t.host.flush();
    const snapshot = edge.publish();
    expect(snapshot).not.toHaveProperty('kappa');
    expect(snapshot).not.toHaveProperty('maxWeightPerClient');
    await until(() => t.status().priorsVersion === snapshot.version);
    const posterior = await t.host.posterior('feed', 'm1', undefined);
    expect(posterior.community).toEqual({
      strength: 100,
      evidence: 10_000,
      kappa: { value: 100, source: 'default' },
      capped: false,
    });
    expect(posterior.alpha).toBeCloseTo(31 + 10, 9);
    await t.host.close();
  });

  it('asks with If-None-Match and keeps the snapshot on 304', async () => {
    const edge = new FakeEdge();
    edge.addCrowd('feed', '', 'm1', 5, 5);
    const snapshot = edge.publish();
    const t = await startHost(config(), { fetch: edge.fetch });
    await until(() => edge.requests.filter((r) => r.status === 304).length >= 2);
    expect(t.status().priorsVersion).toBe(snapshot.version);
    expect(t.of('priors')).toEqual([{ version: snapshot.version }]);
    await t.host.close();
  });

  it('fetches at once when the WebSocket announces a new version', async () => {
    const edge = new FakeEdge();
    const sockets: Array<EventTarget & { url: string }> = [];
    const webSocket = (url: string) => {
      const socket = Object.assign(new EventTarget(), { url, close() {} });
      sockets.push(socket);
      return socket as unknown as WebSocket;
    };
    const t = await startHost(hostConfig({ webSocket: true }), { fetch: edge.fetch, webSocket });
    expect(sockets.map((s) => s.url)).toEqual([
      'ws://edge.test/v1/apps/demo/priors/ws?key=pk_test',
    ]);
    edge.addCrowd('feed', '', 'm1', 5, 5);
    const snapshot = edge.publish();
    const message = new Event('message') as Event & { data: string };
    message.data = JSON.stringify({ type: 'priors', version: snapshot.version });
    sockets[0]!.dispatchEvent(message);
    await until(() => t.status().priorsVersion === snapshot.version);
    await t.host.close();
  });

  it('reconnects the WebSocket with backoff after it closes', async () => {
    const edge = new FakeEdge();
    const sockets: EventTarget[] = [];
    const webSocket = () => {
      const socket = Object.assign(new EventTarget(), { close() {} });
      sockets.push(socket);
      return socket as unknown as WebSocket;
    };
    const t = await startHost(hostConfig({ webSocket: true }), {
      fetch: edge.fetch,
      webSocket,
      random: () => 0,
    });
    sockets[0]!.dispatchEvent(new Event('close'));
    await until(() => sockets.length === 2);
    await t.host.close();
  });
});
