import { env } from 'cloudflare:workers';
import {
  decodeExperimentsAnnouncement,
  type ExperimentState,
  ExperimentStateSchema,
  ExperimentsSnapshotSchema,
} from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, call, drainAllAlarms, keyOf } from './helpers.ts';
import { messages } from './messages.ts';

afterEach(drainAllAlarms);

const BASE = '/v1/apps/demo/experiments';

function definition(key: string, extra: Record<string, unknown> = {}) {
  return {
    key,
    variations: [{ key: 'control' }, { key: 'treatment', value: 'new' }],
    metrics: ['like'],
    ...extra,
  };
}

function send(path: string, method: string, body?: unknown): Promise<Response> {
  return call(path, {
    method,
    headers: { ...admin(), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function state(res: Response): Promise<ExperimentState> {
  return ExperimentStateSchema.parse(await res.json());
}

async function refusal(res: Response) {
  return (await res.json()) as {
    error: { code: string; message: string; issues?: { path: string; message: string }[] };
  };
}

async function create(key: string, extra: Record<string, unknown> = {}) {
  const res = await send(BASE, 'POST', definition(key, extra));
  expect(res.status).toBe(201);
  return state(res);
}

function snapshot(headers: HeadersInit = {}) {
  return call(BASE, { headers: { 'x-crowdbandit-key': keyOf('demo'), ...headers } });
}

describe('POST /v1/apps/:app/experiments', () => {
  it('creates a draft in phase 0 whose seed is its key, with defaults filled in', async () => {
    const draft = await create('cta-colour', { name: 'CTA colour' });
    expect(draft).toMatchObject({
      key: 'cta-colour',
      name: 'CTA colour',
      status: 'draft',
      phase: 0,
      seed: 'cta-colour',
      weights: [0.5, 0.5],
      coverage: 1,
      hashAttribute: 'clientId',
      hashVersion: 2,
      metrics: ['like'],
      archived: false,
      phases: [],
    });
    expect(draft.createdAt).toBe(draft.updatedAt);
  });

  it.each([
    ['a key that cannot sit in a path', { key: 'no spaces' }, 'key'],
    ['a duplicate variation key', { variations: [{ key: 'a' }, { key: 'a' }] }, 'variations.1.key'],
    ['weights that do not match the variations', { weights: [1] }, 'weights'],
    ['weights that do not sum to 1', { weights: [0.2, 0.2] }, 'weights'],
    ['a coverage above 1', { coverage: 1.5 }, 'coverage'],
    ['an unknown field', { colour: 'red' }, ''],
  ])('refuses %s with 400 naming the field', async (_, change, path) => {
    const res = await send(BASE, 'POST', { ...definition('refused'), ...change });
    expect(res.status).toBe(400);
    const { error } = await refusal(res);
    expect(error.code).toBe('invalid_body');
    expect(error.issues?.map((i) => i.path)).toContain(path);
  });

  it('answers 409 conflict for a key that exists, archived or not', async () => {
    await create('taken');
    const again = await send(BASE, 'POST', definition('taken'));
    expect(again.status).toBe(409);
    expect((await refusal(again)).error).toMatchObject({ code: 'conflict' });
    await send(`${BASE}/taken/archive`, 'POST');
    expect((await send(BASE, 'POST', definition('taken'))).status).toBe(409);
  });

  it('needs the admin token: the publishable key is not enough', async () => {
    const res = await call(BASE, {
      method: 'POST',
      headers: { 'x-crowdbandit-key': keyOf('demo'), 'content-type': 'application/json' },
      body: JSON.stringify(definition('sneaky')),
    });
    expect(res.status).toBe(401);
    await res.body?.cancel();
  });
});

describe('the experiment lifecycle', () => {
  it('starts phase after phase with fresh seeds, stops with a winner, and keeps every phase', async () => {
    await create('onboarding');
    const first = await state(await send(`${BASE}/onboarding/start`, 'POST'));
    expect(first).toMatchObject({ status: 'running', phase: 1 });
    expect(first.seed).toMatch(/^onboarding:1:[0-9a-f]{16}$/);
    expect(first.startedAt).toBeTypeOf('number');

    const twice = await send(`${BASE}/onboarding/start`, 'POST');
    expect(twice.status).toBe(409);
    expect((await refusal(twice)).error.message).toMatch(/running in phase 1/);

    const stopped = await state(
      await send(`${BASE}/onboarding/stop`, 'POST', { winner: 'treatment' }),
    );
    expect(stopped).toMatchObject({ status: 'stopped', winner: 1, phase: 1 });
    expect(stopped.stoppedAt).toBeGreaterThanOrEqual(first.startedAt!);

    const second = await state(await send(`${BASE}/onboarding/start`, 'POST'));
    expect(second).toMatchObject({ status: 'running', phase: 2 });
    expect(second.seed).toMatch(/^onboarding:2:[0-9a-f]{16}$/);
    expect(second.seed).not.toBe(first.seed);
    expect(second.winner).toBeUndefined();
    expect(second.stoppedAt).toBeUndefined();

    const admin = await state(await send(`${BASE}/onboarding`, 'GET'));
    expect(admin.phases).toEqual([
      {
        phase: 1,
        seed: first.seed,
        startedAt: first.startedAt,
        stoppedAt: stopped.stoppedAt,
        coverage: 1,
        weights: [0.5, 0.5],
      },
      {
        phase: 2,
        seed: second.seed,
        startedAt: second.startedAt,
        coverage: 1,
        weights: [0.5, 0.5],
      },
    ]);
  });

  it('changes coverage and weights within the running phase, and refuses weights that do not fit', async () => {
    await create('ramp', { coverage: 0.1 });
    await send(`${BASE}/ramp/start`, 'POST');
    const ramped = await state(await send(`${BASE}/ramp`, 'PATCH', { coverage: 0.5 }));
    expect(ramped).toMatchObject({ coverage: 0.5, phase: 1, status: 'running' });
    const reweighted = await state(await send(`${BASE}/ramp`, 'PATCH', { weights: [0.3, 0.7] }));
    expect(reweighted).toMatchObject({ weights: [0.3, 0.7], coverage: 0.5 });
    expect(reweighted.phases[0]).toMatchObject({ coverage: 0.5, weights: [0.3, 0.7] });

    for (const [body, path] of [
      [{ weights: [0.2, 0.3, 0.5] }, 'weights'],
      [{ weights: [0.2, 0.2] }, 'weights'],
      [{ coverage: -1 }, 'coverage'],
      [{}, ''],
    ] as const) {
      const res = await send(`${BASE}/ramp`, 'PATCH', body);
      expect(res.status).toBe(400);
      const { error } = await refusal(res);
      expect(error.code).toBe('invalid_body');
      expect(error.issues?.map((i) => i.path)).toContain(path);
    }
  });

  it('stops without a winner (everyone gets the control) and refuses a winner that is no variation', async () => {
    await create('plain');
    const draftStop = await send(`${BASE}/plain/stop`, 'POST');
    expect(draftStop.status).toBe(409);
    await draftStop.body?.cancel();
    await send(`${BASE}/plain/start`, 'POST');
    const wrong = await send(`${BASE}/plain/stop`, 'POST', { winner: 'nobody' });
    expect(wrong.status).toBe(400);
    expect((await refusal(wrong)).error).toMatchObject({
      code: 'invalid_body',
      issues: [{ path: 'winner', message: expect.stringMatching(/control, treatment/) }],
    });
    const stopped = await state(
      await call(`${BASE}/plain/stop`, { method: 'POST', headers: admin() }),
    );
    expect(stopped).toMatchObject({ status: 'stopped' });
    expect(stopped.winner).toBeUndefined();
    // A stopped experiment may still be given its winner.
    const shipped = await state(await send(`${BASE}/plain/stop`, 'POST', { winner: 'treatment' }));
    expect(shipped).toMatchObject({ winner: 1, stoppedAt: stopped.stoppedAt });
  });

  it('archives for good: stopped, out of the snapshot, and refusing every change with 409', async () => {
    await create('retired');
    await send(`${BASE}/retired/start`, 'POST');
    const archived = await state(await send(`${BASE}/retired/archive`, 'POST'));
    expect(archived).toMatchObject({ archived: true, status: 'stopped' });
    expect(archived.phases[0]?.stoppedAt).toBe(archived.stoppedAt);
    for (const [path, method, body] of [
      [`${BASE}/retired/start`, 'POST', undefined],
      [`${BASE}/retired/stop`, 'POST', {}],
      [`${BASE}/retired`, 'PATCH', { coverage: 1 }],
      [`${BASE}/retired/archive`, 'POST', undefined],
    ] as const) {
      const res = await send(path, method, body);
      expect(res.status).toBe(409);
      expect((await refusal(res)).error).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/archived/),
      });
    }
    expect((await state(await send(`${BASE}/retired`, 'GET'))).archived).toBe(true);
    const { experiments } = ExperimentsSnapshotSchema.parse(await (await snapshot()).json());
    expect(experiments.retired).toBeUndefined();
  });

  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['POST', '/start'],
    ['POST', '/stop'],
    ['POST', '/archive'],
  ])('answers %s of an unknown experiment%s with 404', async (method, suffix) => {
    const body = method === 'PATCH' ? { coverage: 1 } : undefined;
    for (const key of ['never-made', '%24exp']) {
      const res = await send(`${BASE}/${key}${suffix}`, method, body);
      expect(res.status).toBe(404);
      expect((await refusal(res)).error.code).toBe('not_found');
    }
  });

  it.each([
    ['DELETE', BASE, 'GET, HEAD, POST'],
    ['PUT', `${BASE}/x`, 'GET, HEAD, PATCH'],
    ['GET', `${BASE}/x/start`, 'POST'],
    ['GET', `${BASE}/x/stop`, 'POST'],
    ['DELETE', `${BASE}/x/archive`, 'POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await call(path, { method, headers: admin() });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    await res.body?.cancel();
  });
});

describe('GET /v1/apps/:app/experiments', () => {
  it('serves every experiment not archived with the publishable key, an ETag and 304', async () => {
    await create('snap-a');
    await send(`${BASE}/snap-a/start`, 'POST');
    const first = await snapshot();
    expect(first.status).toBe(200);
    const body = ExperimentsSnapshotSchema.parse(await first.json());
    expect(first.headers.get('etag')).toBe(`"${body.version}"`);
    expect(body.app).toBe('demo');
    expect(body.experiments['snap-a']).toMatchObject({ status: 'running', phase: 1 });
    expect(body.experiments['snap-a']).not.toHaveProperty('phases');
    expect(body.experiments['snap-a']).not.toHaveProperty('archived');

    const same = await snapshot({ 'if-none-match': `"${body.version}"` });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(`"${body.version}"`);

    await send(`${BASE}/snap-a`, 'PATCH', { coverage: 0.25 });
    const changed = await snapshot({ 'if-none-match': `"${body.version}"` });
    expect(changed.status).toBe(200);
    const next = ExperimentsSnapshotSchema.parse(await changed.json());
    expect(next.version).toBe(body.version + 1);
    expect(next.experiments['snap-a']?.coverage).toBe(0.25);
  });

  it('needs the publishable key and allows the app’s origins', async () => {
    const bare = await call(BASE);
    expect(bare.status).toBe(401);
    await bare.body?.cancel();
    const cors = await call(BASE, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'PATCH',
      },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(cors.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('announces every change on the priors WebSocket', async () => {
    const res = await call(`/v1/apps/demo/priors/ws?key=${keyOf('demo')}`, {
      headers: { upgrade: 'websocket' },
    });
    const ws = res.webSocket!;
    ws.accept();
    const next = messages(ws);
    expect(JSON.parse(await next())).toMatchObject({ type: 'priors' });

    const before = await env.PRIORS.getByName('demo').experimentsVersion();
    await create('announced');
    const created = decodeExperimentsAnnouncement(JSON.parse(await next()));
    expect(created).toEqual({ ok: true, value: { type: 'experiments', version: before + 1 } });
    await send(`${BASE}/announced/start`, 'POST');
    expect(JSON.parse(await next())).toEqual({ type: 'experiments', version: before + 2 });
    // A refused change changes nothing and announces nothing.
    await (await send(`${BASE}/announced/start`, 'POST')).body?.cancel();
    await send(`${BASE}/announced/archive`, 'POST');
    expect(JSON.parse(await next())).toEqual({ type: 'experiments', version: before + 3 });
    ws.close(1000, 'done');
  });
});
