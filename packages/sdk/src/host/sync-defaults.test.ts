// The page passes only the sync settings an app gave; the sync code fills in the rest.
import { describe, expect, it } from 'vitest';
import { FakeEdge } from '../../test/fake-edge.ts';
import { hostConfigWithoutSync, startHost } from '../../test/host-harness.ts';

describe('sync settings left out', () => {
  it('are the documented defaults: binary batches, and sending still works', async () => {
    const edge = new FakeEdge();
    const types: (string | null)[] = [];
    const fetch = ((input: string, init?: RequestInit) => {
      if (input.endsWith('/deltas')) types.push(new Headers(init?.headers).get('content-type'));
      return edge.fetch(input, init);
    }) as typeof globalThis.fetch;
    const { host } = await startHost(hostConfigWithoutSync({ webSocket: false }), { fetch });
    await host.feedback('feed', 'm1', 'like', {});
    expect(await host.flush()).toMatchObject({ state: 'idle' });
    expect(types).toEqual(['application/vnd.crowdbandit.deltas+bin']);
    expect(edge.totals()).toEqual({ feed: { '': { m1: [1, 0] } } });
    await host.close();
  });
});
