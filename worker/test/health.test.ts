import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { edge } from '../src/app.ts';
import { TEST_APPS } from './apps.ts';
import { call } from './helpers.ts';

describe('GET /health', () => {
  it('answers a preflight from an origin some app allows', async () => {
    const res = await call('/health', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(res.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('lets an allowed origin read it', async () => {
    const res = await call('/health', { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('does not let an origin that no app allows read it', async () => {
    // Without the test app that allows any origin ('*').
    const apps = { demo: TEST_APPS.demo, fading: TEST_APPS.fading };
    const ask = (origin: string) =>
      edge.fetch(new Request('http://edge.test/health', { headers: { origin } }), {
        ...env,
        APPS: apps,
      } as unknown as Env);
    const refused = await ask('https://evil.example');
    expect(refused.status).toBe(200);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    await refused.body?.cancel();
    const allowed = await ask('http://localhost:5173');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    await allowed.body?.cancel();
  });
});
