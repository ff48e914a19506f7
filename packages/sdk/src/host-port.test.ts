import { CrowdbanditError, isCrowdbanditError } from '@crowdbandit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { letGo } from './host/boundary.ts';
import type { FetchBridge, HostApi, HostListener, HostStatus } from './host/host-api.ts';
import { serveHost } from './host/serve-host.ts';
import { connectHost } from './host-port.ts';

const STATUS: HostStatus = {
  storage: 'memory',
  online: true,
  leader: false,
  pendingBatches: 0,
  lastAckedSeq: 0,
  priorsVersion: null,
};

/** What a test host's init was given. */
interface Given {
  listener: HostListener;
  pageFetch: FetchBridge | undefined;
  appFetch: boolean | undefined;
}

/** A host whose methods the test writes, served over comlink behind a MessageChannel. */
function connect(
  methods: Partial<HostApi>,
  options: { fetch?: typeof fetch; onReport?: HostListener } = {},
) {
  const { port1, port2 } = new MessageChannel();
  let given: Given | undefined;
  serveHost(
    {
      ...methods,
      async init(config, listener, pageFetch, appFetch) {
        given = { listener, pageFetch, appFetch };
        return methods.init?.(config, listener, pageFetch, appFetch) ?? STATUS;
      },
    } as HostApi,
    port2,
  );
  const host = connectHost(port1, options.onReport ?? (() => {}), options.fetch);
  return {
    host,
    given: () => given!,
    close: () => {
      // As the engine host does when it closes: the proxies' own ports close too.
      letGo(given?.listener);
      letGo(given?.pageFetch);
      port1.close();
      port2.close();
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('connectHost and serveHost', () => {
  it('rebuilds a CrowdbanditError the host threw, with its code and field', async () => {
    const { host, close } = connect({
      posterior: async () => {
        throw new CrowdbanditError('unknown_decision', 'unknown decision "nope"', 'decision');
      },
    });
    const error = await host.call('posterior', 'nope', 'm1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrowdbanditError);
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'CrowdbanditError',
      code: 'unknown_decision',
      field: 'decision',
      message: 'unknown decision "nope"',
    });
    close();
  });

  it('rebuilds a CrowdbanditError without a field as one too', async () => {
    const { host, close } = connect({
      rank: async () => {
        throw new CrowdbanditError('invalid_state', 'the engine lost its state');
      },
    });
    const error = await host.call('rank', 'feed', 'films').catch((e: unknown) => e);
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'invalid_state', message: 'the engine lost its state' });
    expect((error as CrowdbanditError).field).toBeUndefined();
    close();
  });

  it('keeps the name and message of any other error', async () => {
    const { host, close } = connect({
      flush: async () => {
        throw new TypeError('the engine host is closed');
      },
    });
    const error = await host.call('flush').catch((e: unknown) => e);
    expect(isCrowdbanditError(error)).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TypeError', message: 'the engine host is closed' });
    close();
  });

  it("sends the host's reports and runs its requests through the client's fetch", async () => {
    const reports: unknown[] = [];
    const seen: string[] = [];
    const { host, given, close } = connect(
      {
        init: async (_config, listener) => {
          listener({ type: 'priors', payload: { version: 3 } }, STATUS);
          return STATUS;
        },
        flush: async () => {
          const page = given().pageFetch!;
          const ok = await page('https://edge.test/ok', { method: 'GET', headers: {} });
          seen.push(`${ok.status} ${ok.body}`);
          await page('https://edge.test/down', { method: 'POST', headers: {} }).catch(
            (error: Error) => seen.push(`${error.name}: ${error.message}`),
          );
          return { state: 'idle', pendingBatches: 0, lastAckedSeq: 0 };
        },
      },
      {
        onReport: (event) => reports.push(event),
        fetch: async (input) => {
          if (String(input).endsWith('/down')) throw new TypeError('Failed to fetch');
          return new Response('fine', { status: 202 });
        },
      },
    );
    expect(await host.init({} as never)).toEqual(STATUS);
    expect(given().appFetch).toBe(true);
    await host.call('flush');
    expect(seen).toEqual(['202 fine', 'TypeError: Failed to fetch']);
    expect(reports).toEqual([{ type: 'priors', payload: { version: 3 } }]);
    close();
  });

  it("without the app's fetch, serves the page's own, for the host's keepalive send only", async () => {
    const requests: Array<{ url: string; keepalive: boolean | undefined }> = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), keepalive: init?.keepalive });
      return new Response('ok');
    });
    const { host, given, close } = connect({
      unload: async () => {
        await given().pageFetch!('https://edge.test/deltas', {
          method: 'POST',
          headers: {},
          keepalive: true,
        });
      },
    });
    await host.init({} as never);
    expect(given().appFetch).toBe(false);
    await host.call('unload');
    expect(requests).toEqual([{ url: 'https://edge.test/deltas', keepalive: true }]);
    close();
  });

  it('rejects the calls still waiting, and every later one, once closed', async () => {
    const { host, close } = connect({ flush: () => new Promise(() => {}) });
    const waiting = host.call('flush');
    host.close(new Error('the engine was stopped'));
    await expect(waiting).rejects.toThrow('the engine was stopped');
    await expect(host.call('flush')).rejects.toThrow('the engine was stopped');
    close();
  });

  it('rejects a call whose arguments cannot be posted, and keeps answering others', async () => {
    const { host, close } = connect({
      feedback: async () => ({ contextKey: '', reward: { r: 1, w: 1 } }),
    });
    const call = host.call('feedback', 'feed', 'm1', 'like', { context: { f: () => 1 } as never });
    await expect(call).rejects.toThrow();
    expect(await host.call('feedback', 'feed', 'm1', 'like')).toEqual({
      contextKey: '',
      reward: { r: 1, w: 1 },
    });
    close();
  });
});
