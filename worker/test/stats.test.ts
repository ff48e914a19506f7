import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, call, drainAllAlarms, pushedRow } from './helpers.ts';

afterEach(drainAllAlarms);

interface StatsBody {
  decisions: {
    decision: string;
    arms: {
      context: string;
      arm: string;
      s: number;
      f: number;
      n: number;
      mean: number;
      interval: [number, number];
      pBest: number;
      share: number | null;
    }[];
    alerts: { kind: string; arm: string; value: number }[];
  }[];
}

describe('GET /v1/apps/:app/stats', () => {
  it('reports posteriors, P(best), selection shares and alerts', async () => {
    const now = Date.now();
    await env.PRIORS.getByName('tight').merge('tight', 0, 1, [
      pushedRow('strategy', '', 'popular', 80_000, 20_000, 900, now),
      pushedRow('strategy', '', 'gems', 30_000, 70_000, 80, now),
      pushedRow('strategy', '', 'dud', 1_000, 99_000, 20, now),
      pushedRow('feed', 'mood=calm', 'x', 2_000, 2_000, 0, now),
    ]);
    const body = await (await call('/v1/apps/tight/stats', { headers: admin() })).json<StatsBody>();
    const strategy = body.decisions.find((d) => d.decision === 'strategy')!;
    const popular = strategy.arms.find((a) => a.arm === 'popular')!;
    expect(popular).toMatchObject({ s: 80, f: 20, n: 900 });
    expect(popular.mean).toBeCloseTo(81 / 102, 9);
    expect(popular.interval[0]).toBeLessThan(popular.mean);
    expect(popular.interval[1]).toBeGreaterThan(popular.mean);
    expect(popular.pBest).toBeGreaterThan(0.99);
    expect(strategy.arms.reduce((sum, a) => sum + a.pBest, 0)).toBeCloseTo(1, 9);
    expect(popular.share).toBeCloseTo(0.9, 9);
    expect(strategy.alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'dominant-arm', arm: 'popular', value: 0.9 }),
        expect.objectContaining({ kind: 'low-success', arm: 'dud', value: 0.01 }),
      ]),
    );
    expect(strategy.alerts.some((a) => a.arm === 'gems')).toBe(false);
    const feed = body.decisions.find((d) => d.decision === 'feed')!;
    expect(feed.arms[0]).toMatchObject({ context: 'mood=calm', share: null });
  });
});
