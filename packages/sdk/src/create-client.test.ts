import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isCrowdbanditError } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { experiment } from '../test/experiments.ts';
import { FakeEdge } from '../test/fake-edge.ts';
import { until } from '../test/host-harness.ts';
import type { ClientOptions } from './client-options.ts';
import type { SyncStatus } from './client-types.ts';
import { createClient } from './create-client.ts';

let apps = 0;
const films = Array.from({ length: 50 }, (_, i) => ({
  id: `m${i}`,
  popularity: i * 10,
  features: [`genre:${i % 2 === 0 ? 'Drama' : 'Comedy'}`],
}));

function options(extra: Partial<ClientOptions> = {}): ClientOptions {
  apps += 1;
  return {
    appId: `app${apps}`,
    decisions: {
      feed: { kind: 'rank', k: 5 },
      strategy: { kind: 'choose', arms: ['popular', 'gems', 'fresh'], k: 2 },
    },
    seed: 3,
    ...extra,
  };
}

describe('createClient', () => {
  it('runs the engine in this thread where Worker is missing, on IndexedDB', async () => {
    const client = createClient(options());
    await client.flush();
    expect(client.status()).toMatchObject({
      mode: 'in-thread',
      storage: 'indexeddb',
      leader: false,
    });
    await client.close();
  });

  it('ranks a registered catalog and a plain array', async () => {
    const client = createClient(options());
    await client.setCatalog('films', films);
    const fromCatalog = await client.rank('feed', 'films');
    const fromArray = await client.rank('feed', films, { k: 3, exclude: new Set(['m0', 'm1']) });
    expect(fromCatalog).toHaveLength(5);
    expect(fromArray).toHaveLength(3);
    expect(fromArray.map((item) => item.id)).not.toContain('m0');
    expect(fromCatalog[0]!.explanation).toMatchObject({ prior: 'base', rule: 'score' });
    await client.close();
  });

  it('learns from feedback and explains the posterior', async () => {
    const client = createClient(options());
    const result = await client.feedback('feed', 'm1', 'like');
    await client.feedback('feed', 'm1', { type: 'rating', value: 5 });
    expect(result).toEqual({ contextKey: '', reward: { r: 1, w: 1 } });
    expect(await client.posterior('feed', 'm1')).toMatchObject({ arm: 'm1', alpha: 3, beta: 1 });
    await client.close();
  });

  it('chooses strategies with weights', async () => {
    const client = createClient(options());
    const chosen = await client.choose('strategy', { available: ['gems', 'fresh'] });
    expect(chosen.arms.map((a) => a.id).sort()).toEqual(['fresh', 'gems']);
    expect(chosen.arms.reduce((sum, a) => sum + a.weight, 0)).toBeCloseTo(1, 9);
    await client.close();
  });

  it('throws a CrowdbanditError with code and field for a bad call', async () => {
    const client = createClient(options());
    const error = await client.rank('nope', films).catch((e: unknown) => e);
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'unknown_decision', field: 'decision' });
    await expect(client.rank('feed', 'films')).rejects.toThrow(
      'no catalog named "films": call setCatalog("films", candidates) first',
    );
    await expect(client.setCatalog('bad', [{ id: '' }])).rejects.toMatchObject({
      code: 'invalid_candidate',
      field: 'candidates[0].id',
    });
    await expect(client.setCatalog('', films)).rejects.toMatchObject({
      code: 'invalid_option',
      field: 'name',
      message: 'name: must be a non-empty string, got ""',
    });
    await client.close();
  });

  it('throws at creation for misconfiguration', () => {
    expect(() => createClient({ ...options(), endpoint: 'https://edge.test' })).toThrow(
      'publishableKey: required with endpoint: pass the publishable key of the app',
    );
  });

  it('keeps learning across clients on the same database', async () => {
    const shared = options();
    const first = createClient(shared);
    await first.feedback('feed', 'm1', 'like');
    await first.feedback('feed', 'm2', 'dislike');
    const before = [await first.posterior('feed', 'm1'), await first.posterior('feed', 'm2')];
    await first.close();
    const second = createClient(shared);
    expect([await second.posterior('feed', 'm1'), await second.posterior('feed', 'm2')]).toEqual(
      before,
    );
    expect(before[0]!.mean).toBeGreaterThan(before[1]!.mean);
    await second.close();
  });

  it('assigns and tracks through the engine, refusing bad input with a CrowdbanditError', async () => {
    const edge = new FakeEdge({ appId: 'exp-app', key: 'pk_test' });
    edge.setExperiments(experiment({ hashAttribute: 'userId' }));
    const client = createClient(
      options({
        appId: 'exp-app',
        endpoint: 'http://edge.test',
        publishableKey: 'pk_test',
        fetch: edge.fetch,
        webSocket: false,
        userId: 'user-42',
      }),
    );
    await until(async () => (await client.assign('rollout')).reason === 'assigned');
    const assigned = await client.assign('rollout');
    expect(assigned).toMatchObject({ hashValue: 'user-42', inExperiment: true });
    expect(await client.track('purchase', 2)).toEqual(['rollout']);
    const refused = await client.assign('bad key').catch((error: unknown) => error);
    expect(isCrowdbanditError(refused)).toBe(true);
    expect(refused).toMatchObject({ code: 'invalid_option', field: 'experiment' });
    const badValue = await client.track('purchase', -1).catch((error: unknown) => error);
    expect(badValue).toMatchObject({
      name: 'CrowdbanditError',
      code: 'invalid_event',
      field: 'value',
    });
    expect(() => createClient(options({ userId: '' }))).toThrow(
      'userId: must be a non-empty string, got ""',
    );
    await client.close();
  });

  it('sends nothing in local-only mode', async () => {
    let calls = 0;
    const client = createClient(
      options({
        fetch: async () => {
          calls += 1;
          return new Response('');
        },
      }),
    );
    await client.feedback('feed', 'm1', 'like');
    const status = await client.flush();
    expect(status).toEqual({ state: 'local-only', pendingBatches: 0, lastAckedSeq: 0 });
    expect(calls).toBe(0);
    await client.close();
  });

  it('syncs with the edge and reports it through events', async () => {
    const edge = new FakeEdge({ appId: 'synced', key: 'pk_synced' });
    const client = createClient({
      ...options(),
      appId: 'synced',
      endpoint: 'https://edge.test',
      publishableKey: 'pk_synced',
      fetch: edge.fetch,
      webSocket: false,
    });
    const seen: SyncStatus[] = [];
    const stop = client.on('sync', (s) => seen.push(s));
    await client.feedback('feed', 'm1', 'like');
    await until(() => client.status().leader);
    const status = await client.flush();
    expect(status).toMatchObject({ state: 'idle', pendingBatches: 0, lastAckedSeq: 1 });
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await until(() => seen.at(-1)?.state === 'idle');
    expect(seen.at(-1)).toMatchObject({ state: 'idle', lastAckedSeq: 1 });
    expect(client.status()).toMatchObject({ leader: true, lastAckedSeq: 1, online: true });
    stop();
    const count = seen.length;
    await client.feedback('feed', 'm2', 'like');
    await client.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toHaveLength(count);
    await client.close();
  });

  it('forgets everything on clear()', async () => {
    const client = createClient(options());
    await client.feedback('feed', 'm1', 'like');
    await client.clear();
    expect(await client.posterior('feed', 'm1')).toMatchObject({ alpha: 1, beta: 1 });
    await client.close();
  });

  it('reports memory storage through an event and the status', async () => {
    const client = createClient(options({ storage: 'memory' }));
    const reports: unknown[] = [];
    client.subscribe('storage', (r) => reports.push(r));
    await client.flush();
    await until(() => reports.length === 1);
    expect(reports).toEqual([{ mode: 'memory', reason: 'the storage option asks for memory' }]);
    expect(client.status().storage).toBe('memory');
    await client.close();
  });

  it('lets a Node process end once closed: no port of the in-thread host stays open', async () => {
    // A process of its own: Node, without Worker or IndexedDB, so in-thread on memory, with
    // an endpoint (the sync code and the page's fetch in play) that never answers.
    const script = `
      import { createClient } from ${JSON.stringify(join(import.meta.dirname, 'index.ts'))};
      const client = createClient({
        appId: 'node-exit',
        endpoint: 'https://edge.test',
        publishableKey: 'pk_test',
        webSocket: false,
        fetch: async () => { throw new TypeError('offline'); },
        decisions: { feed: { kind: 'rank', k: 2 } },
      });
      await client.feedback('feed', 'm1', 'like');
      const { state } = await client.flush();
      await client.close();
      console.log(client.status().mode, state);
    `;
    const child = spawn(
      process.execPath,
      ['--conditions=@crowdbandit/source', '--input-type=module', '--eval', script],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk;
    });
    const ended = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve('still running 10 s after close()');
      }, 10_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? 'killed');
      });
    });
    expect({ ended, errors }).toEqual({ ended: 0, errors: '' });
    expect(output.trim()).toBe('in-thread offline');
  }, 15_000);
});
