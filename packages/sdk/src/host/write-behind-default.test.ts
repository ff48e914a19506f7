// The page leaves the host's own tuning out; the host fills in the debounce of its writes.
import { describe, expect, it } from 'vitest';
import { hostConfig, startHost, until } from '../../test/host-harness.ts';
import type { TabMessage } from './tab-channel.ts';

describe('the write-behind of evidence, persistDelayMs left out', () => {
  it('writes 250 ms after the first change, once for the changes in between', async () => {
    const { persistDelayMs: _, ...config } = hostConfig({ endpoint: null });
    const { host } = await startHost(config);
    // Another tab's view: every write of evidence is announced on the app's channel.
    const writes: Array<{ at: number; keys: readonly string[] }> = [];
    const tab = new BroadcastChannel(`crowdbandit:${config.dbName}`);
    tab.onmessage = ({ data }: MessageEvent<TabMessage>) => {
      if (data.type === 'evidence') writes.push({ at: performance.now(), keys: data.keys });
    };
    const changed = performance.now();
    await host.feedback('feed', 'm1', 'like', {});
    await host.feedback('feed', 'm2', 'dislike', {});
    await until(() => writes.length > 0, 2000);
    // And nothing more for the same changes.
    await new Promise((resolve) => setTimeout(resolve, 300));
    tab.close();
    expect(writes).toHaveLength(1);
    // Timers never fire early (5 ms of slack for the clocks' rounding); the upper bound leaves
    // a busy machine room and still tells 250 from a default of a second or more.
    expect(writes[0]!.at - changed).toBeGreaterThanOrEqual(245);
    expect(writes[0]!.at - changed).toBeLessThan(1000);
    expect([...writes[0]!.keys].sort()).toEqual(['feed//m1', 'feed//m2']);
    await host.close();
  });
});
