import { afterEach, describe, expect, it } from 'vitest';
import { originAllowed } from '../src/cors.ts';
import { admin, call, clientId, drainAllAlarms, keyOf, shardTotals } from './helpers.ts';

afterEach(drainAllAlarms);

const batch = JSON.stringify({
  clientId: clientId(1),
  seq: 1,
  deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }],
});
const json = { 'content-type': 'application/json' };

describe('auth', () => {
  it.each([
    ['no key', {}, 401, 'unauthorized'],
    ['a wrong key', { 'x-crowdbandit-key': 'pk_not_the_key' }, 403, 'forbidden'],
    ["another app's key", { 'x-crowdbandit-key': keyOf('tight') }, 403, 'forbidden'],
  ])('refuses a write with %s and changes nothing', async (_, headers, status, code) => {
    const before = await shardTotals('demo');
    const res = await call('/v1/apps/demo/deltas', {
      method: 'POST',
      headers: { ...json, ...headers },
      body: batch,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
    expect(await shardTotals('demo')).toEqual(before);
  });

  it.each([
    ['no key', {}, 401],
    ['a wrong key', { 'x-crowdbandit-key': 'pk_not_the_key' }, 403],
  ])('refuses priors with %s', async (_, headers, status) => {
    const res = await call('/v1/apps/demo/priors', { headers });
    expect(res.status).toBe(status);
    await res.body?.cancel();
  });

  it('answers 404 for an unknown app before looking at keys', async () => {
    const res = await call('/v1/apps/nope/priors', {
      headers: { 'x-crowdbandit-key': keyOf('demo') },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'unknown app "nope"' },
    });
  });

  it.each([
    ['no token', {}, 401],
    ['a publishable key instead', { 'x-crowdbandit-key': keyOf('demo') }, 401],
    ['a wrong token', { authorization: 'Bearer wrong' }, 403],
    ['a wrong scheme', { authorization: 'Basic dGVzdA==' }, 401],
  ])('refuses the admin routes with %s', async (_, headers, status) => {
    for (const [path, method] of [
      ['/v1/apps/demo/stats', 'GET'],
      [`/v1/apps/demo/clients/${clientId(1)}`, 'DELETE'],
    ] as const) {
      const res = await call(path, { method, headers });
      expect(res.status, `${method} ${path}`).toBe(status);
      await res.body?.cancel();
    }
  });

  it('lets the admin token through', async () => {
    const res = await call('/v1/apps/demo/stats', { headers: admin() });
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });
});

describe('CORS', () => {
  it('allows an origin on the app allowlist and answers its preflight', async () => {
    const res = await call('/v1/apps/demo/deltas', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-crowdbandit-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-crowdbandit-key');
  });

  it.each([
    ['http://127.0.0.1:*', 'http://127.0.0.1:5173', true],
    ['http://127.0.0.1:*', 'http://127.0.0.1:', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:80.evil.example', false],
    ['http://127.0.0.1:*', 'http://127.0.0.10:5173', false],
    ['http://localhost:5173', 'http://localhost:5173', true],
    ['http://localhost:5173', 'http://localhost:5174', false],
    ['*', 'https://anything.example', true],
  ])('matches allowlist entry %s against origin %s: %s', (allowed, origin, expected) => {
    expect(originAllowed(allowed, origin)).toBe(expected);
  });

  it('does not allow an origin missing from the allowlist', async () => {
    const res = await call('/v1/apps/demo/priors', {
      headers: { origin: 'https://evil.example', 'x-crowdbandit-key': keyOf('demo') },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await res.body?.cancel();
  });

  it('exposes the ETag to allowed origins', async () => {
    const res = await call('/v1/apps/demo/priors', {
      headers: { origin: 'http://localhost:5173', 'x-crowdbandit-key': keyOf('demo') },
    });
    expect(res.headers.get('access-control-expose-headers')).toContain('etag');
    await res.body?.cancel();
  });
});

describe('routing', () => {
  it('reports health', async () => {
    expect(await (await call('/health')).json()).toEqual({
      ok: true,
      service: 'crowdbandit-edge',
      protocol: 1,
    });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await call('/v2/whatever');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it.each([
    ['GET', '/v1/apps/demo/deltas', 'POST'],
    ['PUT', '/v1/apps/demo/priors', 'GET, HEAD'],
    ['DELETE', '/health', 'GET, HEAD'],
    ['GET', '/feedback', 'POST'],
    ['POST', '/v1/apps/demo/stats', 'GET, HEAD'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const res = await call(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(await res.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});
