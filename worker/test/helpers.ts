import { runDurableObjectAlarm } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { shardOf } from '@crowdbandit/core';
import { BINARY_CONTENT_TYPE, type DeltaBatch, encodeBatch } from '@crowdbandit/protocol';
import { signClientId } from '../src/client-id.ts';
import type { TotalsRow } from '../src/client-shard.ts';
import { TEST_ADMIN_TOKEN, TEST_APPS, TEST_CLIENT_ID_SECRET } from './apps.ts';

export type AppId = keyof typeof TEST_APPS;

export const BASE = 'http://edge.test';

/** A request to the worker's real fetch handler. */
export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

export function keyOf(app: AppId): string {
  return TEST_APPS[app].publishableKey;
}

export function admin(): HeadersInit {
  return { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
}

/** A client's own id signed for `app`, as POST /v1/apps/:app/clients would. */
export function signed(app: string, own: string): Promise<string> {
  return signClientId(TEST_CLIENT_ID_SECRET, app, own);
}

/**
 * Posts a batch as JSON (default) or in the binary form. The batch's client id is the
 * client's own id: it goes out signed, as the SDK sends it, unless `unsigned`.
 */
export async function postBatch(
  app: AppId,
  batch: DeltaBatch,
  form: 'json' | 'binary' = 'json',
  { unsigned = false }: { unsigned?: boolean } = {},
): Promise<Response> {
  const wire = unsigned ? batch : { ...batch, clientId: await signed(app, batch.clientId) };
  return call(`/v1/apps/${app}/deltas`, {
    method: 'POST',
    headers: {
      'x-crowdbandit-key': keyOf(app),
      'content-type': form === 'json' ? 'application/json' : BINARY_CONTENT_TYPE,
    },
    body: form === 'json' ? JSON.stringify(wire) : encodeBatch(wire),
  });
}

export function shardCount(app: AppId): number {
  return (TEST_APPS[app] as { shards?: number }).shards ?? 4;
}

export function shardStub(app: AppId, clientId: string) {
  const shard = shardOf(clientId, shardCount(app));
  return env.SHARDS.getByName(`${app}:${shard}`);
}

/** The admin view of an app's raw and bounded totals. */
export async function rawTotals(app: AppId) {
  const response = await call(`/v1/apps/${app}/totals`, { headers: admin() });
  return (await response.json()) as import('../src/raw-totals.ts').RawTotals;
}

/** Every shard's cumulative raw totals summed per arm key, in milli-units, plus their versions. */
export async function shardTotals(app: AppId) {
  const sums = new Map<string, { s: number; f: number; n: number }>();
  const versions: number[] = [];
  for (let shard = 0; shard < shardCount(app); shard++) {
    const { version, rows } = await env.SHARDS.getByName(`${app}:${shard}`).totals();
    versions.push(version);
    for (const row of rows) {
      const [decision, context, arm, s, f, n] = row as TotalsRow;
      const key = `${decision}/${context}/${arm}`;
      const sum = sums.get(key) ?? { s: 0, f: 0, n: 0 };
      sums.set(key, { s: sum.s + s, f: sum.f + f, n: sum.n + n });
    }
  }
  return { sums, versions };
}

/** Runs every pending shard alarm of an app, so totals reach the aggregator now. */
export async function pushShards(app: AppId): Promise<void> {
  for (let shard = 0; shard < shardCount(app); shard++) {
    await runDurableObjectAlarm(env.SHARDS.getByName(`${app}:${shard}`));
  }
}

export async function drainAllAlarms(): Promise<void> {
  for (const app of Object.keys(TEST_APPS) as AppId[]) {
    await pushShards(app);
    await runDurableObjectAlarm(env.PRIORS.getByName(app));
  }
}

export async function priors(app: AppId, query = '', headers: HeadersInit = {}) {
  return call(`/v1/apps/${app}/priors${query}`, {
    headers: { 'x-crowdbandit-key': keyOf(app), ...headers },
  });
}

/**
 * A row as a shard pushes it, for tests that feed an aggregator directly: raw sums, the same
 * as bounded sums, and no κ statistics unless given.
 */
export function pushedRow(
  decision: string,
  context: string,
  arm: string,
  s: number,
  f: number,
  n: number,
  t: number,
  kappa: readonly [number, number, number, number, number] = [0, 0, 0, 0, 0],
): TotalsRow {
  return [decision, context, arm, s, f, n, t, s, f, n, ...kappa];
}

/** A client id as the SDK makes them. */
export function clientId(n: number): string {
  return `client-${String(n).padStart(6, '0')}`;
}
