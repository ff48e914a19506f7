import { describe, expect, it } from 'vitest';
import { hostConfig } from '../../test/host-harness.ts';
import type { HostConfig } from './host-api.ts';
import { syncSettings } from './sync-settings.ts';

/** The harness's config without any sync setting, as the page sends it when an app gives none. */
function bare(): HostConfig {
  const {
    flushIntervalMs: _flush,
    transport: _transport,
    priorsPollMs: _poll,
    retry: _retry,
    requestTimeoutMs: _timeout,
    webSocket: _socket,
    ...config
  } = hostConfig();
  return config;
}

describe('syncSettings', () => {
  it('fills in the documented defaults for settings left out', () => {
    expect(syncSettings(bare())).toEqual({
      transport: 'binary',
      flushIntervalMs: 30_000,
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
