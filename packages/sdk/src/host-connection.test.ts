import { isCrowdbanditError } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../test/fake-edge.ts';
import { fakeWorkers } from '../test/fake-worker.ts';
import { until } from '../test/host-harness.ts';
import type { ErrorReport } from './client-types.ts';
import { createClient } from './create-client.ts';

let apps = 0;

function client(workers: ReturnType<typeof fakeWorkers>, callTimeoutMs = 300) {
  apps += 1;
  const c = createClient({
    appId: `conn${apps}`,
    decisions: { feed: { kind: 'rank', k: 3 } },
    worker: workers.factory,
    callTimeoutMs,
    seed: 1,
  });
  const errors: ErrorReport[] = [];
  c.on('error', (e) => errors.push(e));
  return { c, errors };
}

const films = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, features: ['genre:Drama'] }));

describe('HostConnection', () => {
  it('restarts a crashed worker, which restores from IndexedDB, and retries the call', async () => {
    const workers = fakeWorkers();
    const { c, errors } = client(workers);
    await c.feedback('feed', 'm1', 'like');
    await c.flush();
    const before = await c.posterior('feed', 'm1');
    workers.workers[0]!.hang();
    const pending = c.posterior('feed', 'm1');
    workers.workers[0]!.crash('out of memory');
    expect(await pending).toEqual(before);
    expect(workers.workers).toHaveLength(2);
    expect(workers.workers[0]!.terminated).toBe(true);
    expect(errors).toEqual([
      {
        source: 'worker',
        code: 'engine_restart',
        message: 'the worker failed: out of memory; restarting it',
      },
    ]);
    expect(c.status().mode).toBe('worker');
    await c.close();
  });

  it('times out a call that gets no answer, restarts the worker and retries once', async () => {
    const workers = fakeWorkers();
    const { c, errors } = client(workers, 100);
    await c.rank('feed', films);
    workers.workers[0]!.hang();
    const ranked = await c.rank('feed', films);
    expect(ranked).toHaveLength(3);
    expect(errors.map((e) => e.message)).toEqual([
      'the engine did not answer within 100 ms; restarting it',
    ]);
    await c.close();
  });

  it('registers catalogs again in the restarted worker', async () => {
    const workers = fakeWorkers();
    const { c } = client(workers, 100);
    await c.setCatalog('films', films);
    workers.workers[0]!.crash();
    expect(await c.rank('feed', 'films')).toHaveLength(3);
    expect(workers.workers).toHaveLength(2);
    await c.close();
  });

  it('sends calls while the host starts, the catalog once, without waiting for its init', async () => {
    const workers = fakeWorkers();
    const { c } = client(workers);
    const catalog = c.setCatalog('films', films);
    const ranked = c.rank('feed', 'films');
    await catalog;
    expect(await ranked).toHaveLength(3);
    expect(workers.workers[0]!.calls).toEqual([
      { method: 'init', answersBefore: 0 },
      { method: 'setCatalog', answersBefore: 0 },
      { method: 'rank', answersBefore: 0 },
    ]);
    await c.close();
  });

  it('moves the engine into this thread after two failures in a row', async () => {
    const workers = fakeWorkers();
    workers.hangNewWorkers();
    const { c, errors } = client(workers, 50);
    const ranked = c.rank('feed', films);
    for (const n of [1, 2]) {
      await until(() => workers.workers.length === n);
      workers.workers[n - 1]!.crash();
    }
    await expect(ranked).rejects.toThrow(/did not answer twice/);
    expect(c.status().mode).toBe('in-thread');
    expect(await c.rank('feed', films)).toHaveLength(3);
    expect(errors).toHaveLength(2);
    expect(errors.every((e) => e.source === 'worker')).toBe(true);
    await c.close();
  });

  it('does not restart the engine for an error it answered with', async () => {
    const workers = fakeWorkers();
    const { c, errors } = client(workers);
    const error = await c.feedback('nope', 'm1', 'like').catch((e: unknown) => e);
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unknown_decision', field: 'decision' });
    expect(workers.workers).toHaveLength(1);
    expect(errors).toEqual([]);
    await c.close();
  });

  it('terminates the worker on close and refuses calls afterwards', async () => {
    const workers = fakeWorkers();
    const { c } = client(workers);
    await c.rank('feed', films);
    await c.close();
    expect(workers.workers[0]!.terminated).toBe(true);
    await expect(c.rank('feed', films)).rejects.toThrow('this crowdbandit client is closed');
  });

  it("sends through the app's fetch, which stays on the main thread", async () => {
    const edge = new FakeEdge({ appId: 'bridged' });
    const workers = fakeWorkers();
    const seen: string[] = [];
    const c = createClient({
      appId: 'bridged',
      endpoint: 'https://edge.test',
      publishableKey: 'pk_test',
      decisions: { feed: { kind: 'rank' } },
      worker: workers.factory,
      webSocket: false,
      fetch: (input, init) => {
        seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
        return edge.fetch(input, init);
      },
    });
    await c.feedback('feed', 'm1', 'like');
    await until(() => c.status().leader);
    expect(await c.flush()).toMatchObject({ state: 'idle', lastAckedSeq: 1 });
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    expect(seen).toContain('POST /v1/apps/bridged/deltas');
    expect(seen).toContain('GET /v1/apps/bridged/priors');
    await c.close();
  });
});
