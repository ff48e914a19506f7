import { describe, expect, it } from 'vitest';
import { serveFetch } from '../fetch-bridge.ts';
import { fetchFromBridge } from './fetch-from-bridge.ts';

describe('the fetch bridge', () => {
  it('carries method, headers, body and keepalive out, and status, headers and body back', async () => {
    const calls: Array<[string, RequestInit]> = [];
    const appFetch: typeof fetch = async (input, init) => {
      calls.push([String(input), init ?? {}]);
      return new Response('{"ok":true}', { status: 201, headers: { etag: '"7"' } });
    };
    const bridged = fetchFromBridge(serveFetch(appFetch));
    const response = await bridged('https://edge.test/x', {
      method: 'POST',
      headers: { 'x-crowdbandit-key': 'pk' },
      body: new Uint8Array([1, 2, 3]),
      keepalive: true,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('etag')).toBe('"7"');
    expect(await response.json()).toEqual({ ok: true });
    expect(calls).toEqual([
      [
        'https://edge.test/x',
        {
          method: 'POST',
          headers: { 'x-crowdbandit-key': 'pk' },
          body: new Uint8Array([1, 2, 3]),
          keepalive: true,
        },
      ],
    ]);
  });

  it('answers a 304 with no body', async () => {
    const bridged = fetchFromBridge(async () => ({ status: 304, headers: [], body: '' }));
    const response = await bridged('https://edge.test/priors', {
      headers: { 'if-none-match': '"7"' },
    });
    expect(response.status).toBe(304);
    expect(response.body).toBeNull();
  });
});
