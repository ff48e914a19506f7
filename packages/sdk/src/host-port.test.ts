import { CrowdbanditError, isCrowdbanditError } from '@crowdbandit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostApi, HostListener, PageFetch } from './host/host-api.ts';
import { serveHost } from './host/serve-host.ts';
import { connectHost } from './host-port.ts';

/** A host whose methods the test writes, served behind a MessageChannel. */
function connect(
  methods: Partial<HostApi>,
  options: { fetch?: typeof fetch; onReport?: HostListener } = {},
) {
  const { port1, port2 } = new MessageChannel();
  serveHost(methods as HostApi, port2);
  const host = connectHost(port1, options.onReport ?? (() => {}), options.fetch);
  return {
    host,
    close: () => {
      port1.close();
      port2.close();
    },
  };
}

const STATUS = {
  storage: 'memory',
  online: true,
  leader: false,
  pendingBatches: 0,
  lastAckedSeq: 0,
  priorsVersion: null,
} as const;

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
      code: 'unknown_decision',
      field: 'decision',
      message: 'unknown decision "nope"',
    });
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
    expect(error).toMatchObject({ name: 'TypeError', message: 'the engine host is closed' });
    close();
  });

  it("sends the host's reports and runs its requests through the client's fetch", async () => {
    let page: PageFetch | undefined;
    const reports: unknown[] = [];
    const seen: string[] = [];
    const { host, close } = connect(
      {
        init: async (_config, listener, pageFetch) => {
          page = pageFetch;
          listener({ type: 'priors', payload: { version: 3 } }, STATUS);
          return STATUS;
        },
        flush: async () => {
          const ok = await page!.fetch('https://edge.test/ok', { method: 'GET', headers: {} });
          seen.push(`${ok.status} ${ok.body}`);
          await page!
            .fetch('https://edge.test/down', { method: 'POST', headers: {} })
            .catch((error: Error) => seen.push(`${error.name}: ${error.message}`));
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
    expect(page?.all).toBe(true);
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
    let page: PageFetch | undefined;
    const { host, close } = connect({
      init: async (_config, _listener, pageFetch) => {
        page = pageFetch;
        return STATUS;
      },
      unload: async () => {
        await page!.fetch('https://edge.test/deltas', {
          method: 'POST',
          headers: {},
          keepalive: true,
        });
      },
    });
    await host.init({} as never);
    expect(page?.all).toBe(false);
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
});
