import { isCrowdbanditError } from '@crowdbandit/core';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { experiment, policyExperiment } from '../../test/experiments.ts';
import { FakeEdge } from '../../test/fake-edge.ts';
import { FakeLocks } from '../../test/fake-locks.ts';
import { hostConfig, startHost, type TestHost, until } from '../../test/host-harness.ts';
import { openIdbStore } from '../storage/idb-store.ts';
import type { HostConfig } from './host-api.ts';

const films = [
  { id: 'a', relevance: 0.2, popularity: 5 },
  { id: 'b', relevance: 0.9, popularity: 1 },
  { id: 'c', relevance: 0.5 },
  { id: 'd' },
];

/** Waits until the host knows `key` (its sync code fetched and stored the snapshot). */
async function known(t: TestHost, key = 'rollout'): Promise<void> {
  await until(async () => (await t.host.assign(key)).reason !== 'unknown');
}

/** A host on `edge` whose experiments are known; `factory` shares its database. */
async function hostOn(
  edge: FakeEdge,
  config: HostConfig,
  factory: IDBFactory,
  key = 'rollout',
): Promise<TestHost> {
  const t = await startHost(config, { fetch: edge.fetch, indexedDB: factory });
  await known(t, key);
  return t;
}

async function refusal(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call was not refused');
}

describe('client.assign', () => {
  it('gives a user one variation on every call and after a reload, and counts the exposure once', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const factory = new IDBFactory();
    const config = hostConfig();
    const t = await hostOn(edge, config, factory);
    const first = await t.host.assign('rollout');
    for (let i = 0; i < 4; i++) expect(await t.host.assign('rollout')).toEqual(first);
    expect(first).toMatchObject({ inExperiment: true, reason: 'assigned' });
    await t.host.flush();
    await t.host.close();

    // A reload: a new host on the same database, offline this time.
    const again = await startHost(config, { indexedDB: factory });
    expect(await again.host.assign('rollout')).toEqual(first);
    await again.host.close();
    const back = await hostOn(edge, config, factory);
    await back.host.assign('rollout');
    await back.host.flush();
    expect(edge.experimentCounts('rollout')).toEqual([
      {
        client: first.hashValue,
        phase: 1,
        variation: first.variation,
        metric: null,
        value: 1,
      },
    ]);
    await back.host.close();
  });

  it('counts the exposure once when the answer to its batch is lost and the batch resent', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const t = await hostOn(edge, hostConfig(), new IDBFactory());
    await t.host.assign('rollout');
    edge.faults.push({ kind: 'lose-response' });
    await t.host.flush();
    await until(() => t.status().pendingBatches === 0 && t.status().lastAckedSeq > 0);
    expect(edge.batches.filter((b) => b.status === 200)).toHaveLength(1);
    expect(edge.experimentCounts('rollout')).toHaveLength(1);
    await t.host.close();
  });

  it('counts a user once when two tabs assign at the same time', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const factory = new IDBFactory();
    const locks = new FakeLocks();
    const config = hostConfig();
    const tab = async () => {
      const t = await startHost(config, {
        fetch: edge.fetch,
        indexedDB: factory,
        locks: locks.manager,
      });
      await known(t);
      return t;
    };
    const [a, b] = [await tab(), await tab()];
    const [x, y] = await Promise.all([a.host.assign('rollout'), b.host.assign('rollout')]);
    expect(x).toEqual(y);
    await a.host.flush();
    await b.host.flush();
    await until(() => edge.experimentCounts('rollout').length > 0);
    await a.host.flush();
    expect(edge.experimentCounts('rollout')).toEqual([
      { client: x.hashValue, phase: 1, variation: x.variation, metric: null, value: 1 },
    ]);
    await a.host.close();
    await b.host.close();
  });

  it('counts the same user again in a new phase (a new seed)', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const t = await hostOn(edge, hostConfig({ priorsPollMs: 20 }), new IDBFactory());
    await t.host.assign('rollout');
    edge.setExperiments(experiment({ phase: 2, seed: 'seed-2' }));
    await until(async () => {
      await t.host.assign('rollout');
      await t.host.flush();
      return edge.experimentCounts('rollout').some((c) => c.phase === 2);
    });
    expect(edge.experimentCounts('rollout').map((c) => [c.phase, c.value])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    await t.host.close();
  });

  it('answers the control, uncounted, before any snapshot and for draft and stopped experiments', async () => {
    const edge = new FakeEdge();
    const t = await startHost(hostConfig(), { fetch: edge.fetch });
    const own = (await t.host.assign('rollout')).hashValue;
    expect(await t.host.assign('rollout')).toEqual({
      variation: 0,
      key: null,
      value: null,
      inExperiment: false,
      hashValue: own,
      reason: 'unknown',
    });
    edge.setExperiments(
      experiment({ key: 'later', status: 'draft' }),
      experiment({ key: 'done', status: 'stopped', winner: 1 }),
    );
    await t.host.close();
    const u = await hostOn(
      edge,
      hostConfig({ dbName: t.status() && `again-${own}` }),
      new IDBFactory(),
      'later',
    );
    expect(await u.host.assign('later')).toMatchObject({
      variation: 0,
      value: 'control',
      reason: 'draft',
    });
    expect(await u.host.assign('done')).toMatchObject({
      variation: 1,
      value: 'B',
      inExperiment: false,
    });
    await u.host.flush();
    expect(edge.experimentCounts('later')).toEqual([]);
    expect(edge.experimentCounts('done')).toEqual([]);
    await u.host.close();
  });

  it('hashes the user id given to createClient or to assign, and warns once without one', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment({ hashAttribute: 'userId' }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const anonymous = await startHost(hostConfig(), { fetch: edge.fetch });
    await until(async () => (await anonymous.host.assign('rollout')).reason === 'no-user-id');
    await anonymous.host.assign('rollout');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain(
      'experiment "rollout" hashes the user id and none is known: pass createClient({ userId }) or assign(\'rollout\', { userId })',
    );
    warn.mockRestore();
    const named = await hostOn(edge, hostConfig({ userId: 'user-7' }), new IDBFactory());
    const fromOption = await named.host.assign('rollout');
    const fromCall = await anonymous.host.assign('rollout', { userId: 'user-7' });
    expect(fromOption).toMatchObject({ hashValue: 'user-7', inExperiment: true });
    expect(fromCall).toEqual(fromOption);
    // The user id given stays this client's user: track credits its exposure.
    expect(await anonymous.host.track('purchase')).toEqual(['rollout']);
    await anonymous.host.close();
    await named.host.close();
  });

  it('refuses a bad key or attributes with the field to fix', async () => {
    const t = await startHost(hostConfig({ endpoint: null, publishableKey: null }));
    const cases: Array<[Promise<unknown>, string, string]> = [
      [
        t.host.assign(''),
        'experiment',
        'experiment must be 1–64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit, got ""',
      ],
      [
        t.host.assign('$exp/x'),
        'experiment',
        'experiment must be 1–64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit, got "$exp/x"',
      ],
      [
        t.host.assign(42 as never),
        'experiment',
        'experiment must be 1–64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit, got 42',
      ],
      [
        t.host.assign('ok', 'u-1' as never),
        'attributes',
        `attributes must be an object such as { userId: 'u-42' }, got "u-1"`,
      ],
      [
        t.host.assign('ok', { user: 'u-1' } as never),
        'attributes.user',
        'attributes.user: unknown attribute (known: userId)',
      ],
      [
        t.host.assign('ok', { userId: 7 } as never),
        'attributes.userId',
        'attributes.userId must be a non-empty string, got 7',
      ],
    ];
    for (const [call, field, message] of cases) {
      const error = await refusal(call);
      expect(isCrowdbanditError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'invalid_option', field, message });
    }
    await t.host.close();
  });

  it('assigns and remembers exposures in local-only mode, sending nothing', async () => {
    const t = await startHost(hostConfig({ endpoint: null, publishableKey: null }));
    expect(await t.host.assign('rollout')).toMatchObject({ reason: 'unknown' });
    expect((await t.host.flush()).state).toBe('local-only');
    await t.host.close();
  });
});

describe('client.track', () => {
  it('credits the variation the user was exposed to in running experiments listing the metric', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(
      experiment(),
      experiment({ key: 'other-metric', metrics: ['signup'] }),
      experiment({ key: 'never-assigned' }),
      experiment({ key: 'stopped', status: 'stopped' }),
    );
    const t = await hostOn(edge, hostConfig(), new IDBFactory());
    const { variation } = await t.host.assign('rollout');
    await t.host.assign('other-metric');
    await t.host.assign('stopped');
    expect(await t.host.track('purchase')).toEqual(['rollout']);
    expect(await t.host.track('purchase', 2.5)).toEqual(['rollout']);
    await t.host.flush();
    const purchases = edge.experimentCounts('rollout').filter((c) => c.metric === 'purchase');
    expect(purchases).toEqual([
      { client: expect.any(String), phase: 1, variation, metric: 'purchase', value: 3.5 },
    ]);
    expect(edge.experimentCounts('never-assigned')).toEqual([]);
    expect(edge.experimentCounts('stopped')).toEqual([]);
    await t.host.close();
  });

  it('refuses a bad metric or value with the field to fix', async () => {
    const t = await startHost(hostConfig({ endpoint: null, publishableKey: null }));
    const cases: Array<[Promise<unknown>, string]> = [
      [t.host.track(''), 'metric'],
      [t.host.track('a/b'), 'metric'],
      [t.host.track('purchase', 0), 'value'],
      [t.host.track('purchase', Number.NaN), 'value'],
      [t.host.track('purchase', 2e9), 'value'],
      [t.host.track('purchase', '3' as never), 'value'],
    ];
    for (const [call, field] of cases) {
      expect(await refusal(call)).toMatchObject({
        name: 'CrowdbanditError',
        code: 'invalid_event',
        field,
      });
    }
    expect(await refusal(t.host.track('purchase', -1))).toMatchObject({
      message: 'value must be a number from 0.001 to 1000000000, got -1',
    });
    await t.host.close();
  });
});

describe('policy experiments', () => {
  it('rank follows the assigned policy by itself, says so, and counts that as the exposure', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(policyExperiment('feed', 'baseline'));
    const t = await hostOn(edge, hostConfig(), new IDBFactory(), 'policy-rollout');
    const ranked = await t.host.rank('feed', films, {});
    expect(ranked.map((r) => r.id)).toEqual(['b', 'c', 'a', 'd']);
    expect(ranked[0]!.explanation).toMatchObject({
      policy: 'baseline',
      experiment: { key: 'policy-rollout', variation: 0, inExperiment: true },
    });
    const chosen = await t.host.choose('strategy', {});
    expect(chosen.policy).toBe('learner');
    await t.host.flush();
    expect(edge.experimentCounts('policy-rollout')).toEqual([
      { client: expect.any(String), phase: 1, variation: 0, metric: null, value: 1 },
    ]);
    await t.host.close();
  });

  it("counts the decision's feedback as conversions by event type, and the learner ranks as before", async () => {
    const edge = new FakeEdge();
    edge.setExperiments(policyExperiment('feed', 'learner'));
    const t = await hostOn(edge, hostConfig(), new IDBFactory(), 'policy-rollout');
    const ranked = await t.host.rank('feed', films, {});
    expect(ranked.every((r) => r.explanation.policy === 'learner')).toBe(true);
    await t.host.feedback('feed', 'b', 'like');
    await t.host.feedback('feed', 'c', 'dislike');
    await t.host.feedback('feed', 'a', { type: 'rating', value: 4 });
    await t.host.feedback('strategy', 'gems', 'click');
    await until(async () => {
      await t.host.flush();
      return edge.experimentCounts('policy-rollout').length === 3;
    });
    expect(
      edge
        .experimentCounts('policy-rollout')
        .map((c) => [c.variation, c.metric, c.value])
        .sort(),
    ).toEqual([
      [1, null, 1],
      [1, 'like', 1],
      [1, 'rating', 0.75],
    ]);
    // The feedback trained the engine as usual.
    const liked = await t.host.posterior('feed', 'b', undefined);
    const unseen = await t.host.posterior('feed', 'd', undefined);
    expect(liked.alpha - unseen.alpha).toBeCloseTo(1, 9);
    await t.host.close();
  });

  it('gives users outside the coverage the control policy without counting them', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(policyExperiment('feed', 'learner', { coverage: 0 }));
    const t = await hostOn(edge, hostConfig(), new IDBFactory(), 'policy-rollout');
    const [top] = await t.host.rank('feed', films, {});
    expect(top!.explanation).toMatchObject({
      policy: 'baseline',
      experiment: { key: 'policy-rollout', variation: 0, inExperiment: false },
    });
    await t.host.flush();
    expect(edge.experimentCounts('policy-rollout')).toEqual([]);
    await t.host.close();
  });

  it('leaves the decision to the learner while the experiment is a draft', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(policyExperiment('feed', 'learner', { coverage: 0, status: 'draft' }));
    const t = await hostOn(edge, hostConfig(), new IDBFactory(), 'policy-rollout');
    const ranked = await t.host.rank('feed', films, {});
    expect(ranked.every((r) => r.explanation.policy === 'learner')).toBe(true);
    expect(ranked[0]!.explanation.experiment).toBeUndefined();
    await t.host.flush();
    expect(edge.experimentCounts('policy-rollout')).toEqual([]);
    await t.host.close();
  });

  it('follows a stored policy experiment from the first rank after a reload, offline', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(policyExperiment('feed', 'baseline'));
    const factory = new IDBFactory();
    const config = hostConfig();
    const t = await hostOn(edge, config, factory, 'policy-rollout');
    await t.host.close();
    const offline = await startHost(config, { indexedDB: factory });
    const [top] = await offline.host.rank('feed', films, {});
    expect(top!.explanation.policy).toBe('baseline');
    await offline.host.close();
  });
});

describe('experiment definitions', () => {
  it('are fetched with If-None-Match, and a 304 changes nothing', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const t = await hostOn(edge, hostConfig({ priorsPollMs: 10 }), new IDBFactory());
    await until(() => edge.requests.filter((r) => r.path.endsWith('/experiments')).length >= 3);
    const statuses = edge.requests
      .filter((r) => r.path.endsWith('/experiments'))
      .map((r) => r.status);
    expect(statuses[0]).toBe(200);
    expect(statuses.slice(1).every((s) => s === 304)).toBe(true);
    await t.host.close();
  });

  it('keep the stored snapshot when the edge sends a bad one, and report it', async () => {
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const t = await hostOn(edge, hostConfig({ priorsPollMs: 10 }), new IDBFactory());
    const before = await t.host.assign('rollout');
    edge.setExperiments(experiment({ coverage: 0 }));
    edge.experimentsAnswers.push({
      status: 200,
      body: JSON.stringify({ ...edge.experiments, experiments: { rollout: { key: 'rollout' } } }),
    });
    await until(() => t.of('error').some((e) => e.code === 'bad_experiments'));
    expect(t.of('error').find((e) => e.code === 'bad_experiments')).toMatchObject({
      source: 'edge',
      message: expect.stringContaining('the stored ones stay in use'),
    });
    // The next poll brings the good snapshot (coverage 0: nobody in it).
    await until(async () => (await t.host.assign('rollout')).reason === 'coverage');
    expect(before.reason).toBe('assigned');
    await t.host.close();
  });

  it('are fetched when the priors socket announces them; other announcement types are ignored', async () => {
    const edge = new FakeEdge();
    const sockets: EventTarget[] = [];
    const webSocket = () => {
      const socket = Object.assign(new EventTarget(), { close() {} });
      sockets.push(socket);
      return socket as unknown as WebSocket;
    };
    const t = await startHost(hostConfig({ webSocket: true }), { fetch: edge.fetch, webSocket });
    await until(() => sockets.length === 1);
    const say = (data: unknown) =>
      sockets[0]!.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(data) }));
    const fetches = () => edge.requests.filter((r) => r.path.endsWith('/experiments')).length;
    await until(() => fetches() === 1);
    say({ type: 'recommendations', version: 9 });
    say('not json at all {');
    edge.setExperiments(experiment());
    say({ type: 'experiments', version: edge.experiments.version });
    await known(t);
    expect(fetches()).toBe(2);
    // The socket still works for priors.
    edge.addCrowd('feed', '', 'm1', 3, 1);
    const priors = edge.publish();
    say({ type: 'priors', version: priors.version });
    await until(() => t.status().priorsVersion === priors.version);
    await t.host.close();
  });
});

describe('an install from before experiments (schema v1)', () => {
  it('upgrades with its learning, client id and outbox kept, and assigns from there', async () => {
    const factory = new IDBFactory();
    const config = hostConfig();
    const v1 = await openIdbStore({
      factory,
      name: config.dbName,
      timeoutMs: 500,
      onClosed: () => {},
      version: 1,
    });
    await v1.run(['evidence', 'outbox', 'meta'], 'readwrite', async (tx) => {
      tx.put('evidence', 'feed//m1', { s: 4, f: 1, t: Date.now() });
      tx.put('outbox', 1, {
        id: 'batch-one',
        clientId: 'own-id-from-v1-xyz',
        seq: 1,
        deltas: [{ decision: 'feed', context: '', arm: 'm1', s: 4, f: 1 }],
        sealedAt: 1,
      });
      tx.put('meta', 'clientId', 'own-id-from-v1-xyz');
      tx.put('meta', 'nextSeq', 2);
      tx.put('meta', 'schemaVersion', 1);
    });
    v1.close();
    const edge = new FakeEdge();
    edge.setExperiments(experiment());
    const t = await hostOn(edge, config, factory);
    expect((await t.host.posterior('feed', 'm1', undefined)).alpha).toBeGreaterThanOrEqual(5);
    expect(await t.host.assign('rollout')).toMatchObject({
      hashValue: 'own-id-from-v1-xyz',
      inExperiment: true,
    });
    await t.host.flush();
    expect(edge.lastSeq('own-id-from-v1-xyz')).toBe(2);
    expect(edge.totals().feed?.['']?.m1).toEqual([4, 1]);
    expect(edge.experimentCounts('rollout')).toHaveLength(1);
    await t.host.close();
  });
});
