import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { AlertLogSchema, type StatsAlert } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, call, drainAllAlarms, pushedRow } from './helpers.ts';

afterEach(drainAllAlarms);

const log = async (query = '') => {
  const res = await call(`/v1/apps/tight/alerts${query}`, { headers: admin() });
  expect(res.status, await res.clone().text()).toBe(200);
  return AlertLogSchema.parse(await res.json());
};

const stats = async () =>
  (
    await (
      await call('/v1/apps/tight/stats', { headers: admin() })
    ).json<{
      decisions: { decision: string; alerts: StatsAlert[] }[];
    }>()
  ).decisions.flatMap((d) => d.alerts);

describe('GET /v1/apps/:app/alerts', () => {
  it('logs when a stats alert started and when it ended, and keeps its worst reading', async () => {
    const stub = env.PRIORS.getByName('tight');
    const t0 = Date.now();
    // popular takes 90% of the selections: dominant (threshold 70%).
    await stub.merge('tight', 0, 1, [
      pushedRow('strategy', '', 'popular', 80_000, 20_000, 900, t0),
      pushedRow('strategy', '', 'gems', 30_000, 70_000, 100, t0),
    ]);
    // The minute's alarm logs it without anyone reading.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const opened = await log();
    const dominant = opened.alerts.filter((a) => a.kind === 'dominant-arm');
    expect(dominant).toEqual([
      expect.objectContaining({ arm: 'popular', value: 0.9, threshold: 0.7, endedAt: null }),
    ]);
    const startedAt = dominant[0]!.startedAt;
    expect(startedAt).toBeGreaterThanOrEqual(t0);
    expect(dominant[0]!.message).toBe('popular takes 90% of selections in strategy');
    // GET /stats names the same start.
    expect((await stats()).find((a) => a.kind === 'dominant-arm')?.startedAt).toBe(startedAt);

    // Worse (95%), then back under the threshold: one entry, its peak kept, now ended.
    await stub.merge('tight', 0, 2, [
      pushedRow('strategy', '', 'popular', 80_000, 20_000, 1_900, t0),
      pushedRow('strategy', '', 'gems', 30_000, 70_000, 100, t0),
    ]);
    await runDurableObjectAlarm(stub);
    await stub.merge('tight', 0, 3, [
      pushedRow('strategy', '', 'popular', 80_000, 20_000, 1_900, t0),
      pushedRow('strategy', '', 'gems', 30_000, 70_000, 1_900, t0),
    ]);
    const ended = (await log()).alerts.filter((a) => a.kind === 'dominant-arm');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ arm: 'popular', value: 0.95, startedAt });
    expect(ended[0]!.endedAt).toBeGreaterThanOrEqual(startedAt);
    expect((await stats()).some((a) => a.kind === 'dominant-arm')).toBe(false);

    // A window after it ended leaves it out; it coming back opens a new entry.
    expect((await log(`?since=${Date.now() + 1}`)).alerts).toEqual([]);
    await stub.merge('tight', 0, 4, [
      pushedRow('strategy', '', 'popular', 80_000, 20_000, 9_000, t0),
      pushedRow('strategy', '', 'gems', 30_000, 70_000, 1_900, t0),
    ]);
    const again = (await log()).alerts.filter((a) => a.kind === 'dominant-arm');
    expect(again.map((a) => a.endedAt === null)).toEqual([true, false]);
  });

  it('logs the low-success and sudden-shift alerts alike', async () => {
    const stub = env.PRIORS.getByName('tight');
    await stub.merge('tight', 0, 10, [pushedRow('feed', '', 'dud', 1_000, 99_000, 0, Date.now())]);
    const low = (await log()).alerts.find((a) => a.kind === 'low-success');
    expect(low).toMatchObject({ arm: 'dud', value: 0.01, endedAt: null });
    expect(low!.message).toBe('dud succeeds 1.00% of the time in feed, under the 20.00% floor');
  });

  it('refuses a malformed since, naming it, and needs the admin token', async () => {
    const bad = await call('/v1/apps/tight/alerts?since=yesterday', { headers: admin() });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_body', issues: [{ path: 'since' }] },
    });
    expect((await call('/v1/apps/tight/alerts')).status).toBe(401);
    const post = await call('/v1/apps/tight/alerts', { method: 'POST', headers: admin() });
    expect(post.status).toBe(405);
  });
});
