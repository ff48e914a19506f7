import { describe, expect, it } from 'vitest';
import { hostConfigWithoutSync as bare } from '../../test/host-harness.ts';
import { syncSettings } from './sync-settings.ts';

describe('syncSettings', () => {
  it('fills in the documented defaults for settings left out', () => {
    expect(syncSettings(bare())).toEqual({
      transport: 'binary',
      flushIntervalMs: 60_000,
      priorsPollMs: 60_000,
      retry: { baseMs: 1000, maxMs: 60_000 },
      requestTimeoutMs: 15_000,
      webSocket: true,
    });
  });

  it('keeps what the app gave, also half a retry policy', () => {
    const settings = syncSettings({
      ...bare(),
      transport: 'json',
      flushIntervalMs: 100,
      retry: { maxMs: 5000 },
      webSocket: false,
    });
    expect(settings).toMatchObject({
      transport: 'json',
      flushIntervalMs: 100,
      retry: { baseMs: 1000, maxMs: 5000 },
      webSocket: false,
    });
  });
});
