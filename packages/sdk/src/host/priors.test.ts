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
    // Crowd without this client: 30/100, strength capped at 100 -> Beta(31, 71); plus own 10 likes.
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
