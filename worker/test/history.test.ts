import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { NO_DISPERSION } from '@crowdbandit/core';
import { HistorySchema } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DAY,
  decisionPoints,
  HISTORY_KEEP_MS,
  HOUR,
  MINUTE,
  pruneHistory,
  recordHistory,
} from '../src/arm-history.ts';
import { appsOf } from '../src/config.ts';
import type { PriorsAggregator } from '../src/priors-aggregator.ts';
import type { ArmTotals } from '../src/snapshot.ts';
import {
  admin,
  call,
  clientId,
  drainAllAlarms,
  postBatch,
  pushedRow,
  pushShards,
} from './helpers.ts';

afterEach(drainAllAlarms);

const history = async (query: string) => {
  const res = await call(`/v1/apps/demo/history?${query}`, { headers: admin() });
  expect(res.status, await res.clone().text()).toBe(200);
  return HistorySchema.parse(await res.json());
};

const totals = (decision: string, arms: [string, number, number, number][]): ArmTotals[] =>
  arms.map(([arm, s, f, n]) => ({
    decision,
    context: '',
    arm,
    s,
    f,
    n,
    bs: s,
    bf: f,
    bn: n,
    kappa: NO_DISPERSION,
  }));

const rowsOf = (decision: string) =>
  runInDurableObject(env.PRIORS.getByName('demo'), (_: PriorsAggregator, state) =>
    state.storage.sql
      .exec<{ arm: string; at: number; s: number; n: number }>(
        'SELECT arm, at, s, n FROM arm_history WHERE decision = ? ORDER BY arm, at',
        decision,
      )
      .toArray(),
  );

describe('history at the edge', () => {
  it('records each arm key after a push with the totals, share and P(best) of GET /stats', async () => {
    for (const [i, arm, s, f] of [
      [1, 'popular', 3, 1],
      [2, 'gems', 1, 2],
    ] as const) {
      const res = await postBatch('demo', {
        clientId: clientId(700 + i),
        seq: 1,
        deltas: [{ decision: 'pushed', context: '', arm, s, f, n: 1 + i }],
      });
      expect(res.status).toBe(200);
    }
    await pushShards('demo');
    const body = await history('decision=pushed');
    const stats = await (await call('/v1/apps/demo/stats', { headers: admin() })).json<{
      decisions: {
        decision: string;
        arms: { arm: string; s: number; f: number; n: number; share: number; pBest: number }[];
      }[];
    }>();
    const published = stats.decisions.find((d) => d.decision === 'pushed')!.arms;
    expect(body.arms.map((a) => a.arm)).toEqual(['gems', 'popular']);
    for (const arm of body.arms) {
      const last = arm.points.at(-1)!;
      const [, s, f, n, share, pBest] = last;
      const stat = published.find((a) => a.arm === arm.arm)!;
      expect({ s, f, n }).toEqual({ s: stat.s, f: stat.f, n: stat.n });
      expect(share).toBeCloseTo(stat.share, 4);
      expect(pBest).toBeCloseTo(stat.pBest, 1);
    }
    expect(body.arms.reduce((sum, a) => sum + a.points.at(-1)![4]!, 0)).toBeCloseTo(1, 3);
  });

  it('writes a row only for the arm keys that changed, one per minute', async () => {
    const stub = env.PRIORS.getByName('demo');
    const now = Date.now();
    // Other shards' pushes that leave the decision as it was write nothing.
    await stub.merge('demo', 0, 100, [
      pushedRow('quiet', '', 'a', 5000, 1000, 10, now),
      pushedRow('quiet', '', 'b', 1000, 5000, 10, now),
    ]);
    // A push writes nothing itself: it schedules the alarm that closes the minute.
    expect(await rowsOf('quiet')).toEqual([]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const first = await rowsOf('quiet');
    expect(first.map((r) => r.arm)).toEqual(['a', 'b']);
    await stub.merge('demo', 0, 101, [
      pushedRow('quiet', '', 'a', 5000, 1000, 10, now),
      pushedRow('quiet', '', 'b', 1000, 5000, 10, now),
    ]);
    await stub.merge('demo', 1, 100, [pushedRow('elsewhere', '', 'x', 1000, 0, 1, now)]);
    await runDurableObjectAlarm(stub);
    expect(await rowsOf('quiet')).toEqual(first);

    // The rules with their clock in hand: a change within the minute replaces its row.
    const config = appsOf(env).get('demo')!;
    const minute = Math.floor(now / MINUTE) * MINUTE - 10 * MINUTE;
    const written = await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      const points = (arms: [string, number, number, number][]) =>
        decisionPoints('demo', config, totals('ticks', arms), new Set(['ticks']), minute);
      const p1 = points([
        ['a', 5, 1, 10],
        ['b', 1, 5, 10],
      ]);
      const p2 = points([
        ['a', 6, 1, 11],
        ['b', 1, 5, 10],
      ]);
      const p3 = points([
        ['a', 7, 1, 12],
        ['b', 1, 5, 10],
      ]);
      return [
        recordHistory(sql, new Map(), p1, minute + 1_000),
        recordHistory(sql, p1, p2, minute + 20_000),
        recordHistory(sql, p2, p2, minute + 30_000),
        recordHistory(sql, p2, p3, minute + MINUTE + 5_000),
      ];
    });
    // a's share and P(best) move with it, b's share too (its count did not): 2 rows for the
    // second push, then nothing, then 2 again.
    expect(written).toEqual([2, 2, 0, 2]);
    const rows = await rowsOf('ticks');
    expect(rows.filter((r) => r.arm === 'a').map((r) => [r.at - minute, r.s, r.n])).toEqual([
      [0, 6, 11],
      [MINUTE, 7, 12],
    ]);
  });

  it('writes one row per arm key for a minute of pushes, however many came in it', async () => {
    const stub = env.PRIORS.getByName('demo');
    const now = Date.now();
    for (let push = 1; push <= 12; push++) {
      await stub.merge('demo', push % 4, 1000 + push, [
        pushedRow('busy', '', 'a', 100 * push, 50, 10 * push, now),
        pushedRow('busy', '', 'b', 50, 100 * push, 10 * push, now),
      ]);
    }
    expect(await rowsOf('busy')).toEqual([]);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const rows = await rowsOf('busy');
    expect(rows.map((r) => r.arm)).toEqual(['a', 'b']);
    const stats = await (await call('/v1/apps/demo/stats', { headers: admin() })).json<{
      decisions: { decision: string; arms: { arm: string; s: number; n: number }[] }[];
    }>();
    const published = stats.decisions.find((d) => d.decision === 'busy')!.arms;
    for (const row of rows) {
      const arm = published.find((a) => a.arm === row.arm)!;
      expect({ s: row.s, n: row.n }).toEqual({ s: arm.s, n: arm.n });
    }
    // Nothing changed since: the next alarm has nothing to write, and none is due.
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(await rowsOf('busy')).toEqual(rows);
  });

  it('rolls minute rows older than a day up to the last of each hour, and drops rows after 90 days', async () => {
    const now = Date.now();
    const hour = Math.floor((now - 3 * DAY) / HOUR) * HOUR;
    const kept = await runInDurableObject(
      env.PRIORS.getByName('demo'),
      (_: PriorsAggregator, state) => {
        const { sql } = state.storage;
        const insert = (at: number, s: number) =>
          sql.exec(
            "INSERT INTO arm_history VALUES ('rolled', '', 'a', ?, ?, 0, 0, NULL, 1)",
            at,
            s,
          );
        insert(now - HISTORY_KEEP_MS - 1, 1);
        insert(hour + MINUTE, 2);
        insert(hour + 2 * MINUTE, 3);
        insert(hour + HOUR + MINUTE, 4);
        insert(now - 2 * MINUTE, 5);
        insert(now - MINUTE, 6);
        sql.exec(
          "INSERT INTO kappa_history VALUES ('rolled', ?, 40), ('rolled', ?, 41)",
          hour,
          hour + MINUTE,
        );
        pruneHistory(sql, now);
        return {
          arms: sql
            .exec<{ s: number }>("SELECT s FROM arm_history WHERE decision = 'rolled' ORDER BY at")
            .toArray()
            .map((r) => r.s),
          kappa: sql
            .exec<{ value: number }>("SELECT value FROM kappa_history WHERE decision = 'rolled'")
            .toArray()
            .map((r) => r.value),
        };
      },
    );
    expect(kept).toEqual({ arms: [3, 4, 5, 6], kappa: [41] });
  });

  it('thins old history when it records, at most hourly', async () => {
    const stub = env.PRIORS.getByName('demo');
    const now = Date.now();
    const old = Math.floor((now - 2 * DAY) / HOUR) * HOUR;
    const count = () =>
      runInDurableObject(
        stub,
        (_: PriorsAggregator, state) =>
          state.storage.sql
            .exec<{ c: number }>(
              "SELECT COUNT(*) AS c FROM arm_history WHERE decision = 'thinned' AND at < ?",
              now - DAY,
            )
            .one().c,
      );
    await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      for (let m = 0; m < 5; m++) {
        sql.exec(
          "INSERT INTO arm_history VALUES ('thinned', '', 'a', ?, ?, 0, 0, NULL, 1)",
          old + m * MINUTE,
          m,
        );
      }
      sql.exec("UPDATE meta SET value = ? WHERE key = 'historyPrunedAt'", now - HOUR);
    });
    await stub.merge('demo', 2, 5000, [pushedRow('thinned-trigger', '', 'x', 1000, 0, 1, now)]);
    expect(await count()).toBe(5);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await count()).toBe(1);
  });
});

describe('GET /v1/apps/:app/history', () => {
  const seed = async (decision: string, rows: [string, string, number, number, number][]) =>
    runInDurableObject(env.PRIORS.getByName('demo'), (_: PriorsAggregator, state) => {
      for (const [context, arm, at, s, pBest] of rows) {
        state.storage.sql.exec(
          'INSERT OR REPLACE INTO arm_history VALUES (?, ?, ?, ?, ?, 1, ?, 0.5, ?)',
          decision,
          context,
          arm,
          at,
          s,
          s,
          pBest,
        );
      }
    });

  it('answers minute points in the window, with the values in force at its start', async () => {
    const now = Date.now();
    const m = Math.floor(now / MINUTE) * MINUTE;
    await seed('served', [
      ['', 'a', m - 30 * MINUTE, 1, 0.5],
      ['', 'a', m - 5 * MINUTE, 2, 0.6],
      ['', 'a', m - 2 * MINUTE, 3, 0.7],
      ['ctx', 'b', m - 40 * MINUTE, 9, 0.4],
      ['', 'late', m + 5 * MINUTE, 1, 0.1],
    ]);
    await runInDurableObject(env.PRIORS.getByName('demo'), (_: PriorsAggregator, state) =>
      state.storage.sql.exec("INSERT INTO kappa_history VALUES ('served', ?, 120)", m - 3 * MINUTE),
    );
    const from = m - 10 * MINUTE + 123;
    const body = await history(`decision=served&from=${from}&to=${m}`);
    expect(body).toMatchObject({ app: 'demo', decision: 'served', step: 'minute', from, to: m });
    expect(body.kappa).toEqual([[m - 3 * MINUTE, 120]]);
    expect(body.arms).toEqual([
      {
        context: '',
        arm: 'a',
        points: [
          [m - 10 * MINUTE, 1, 1, 1, 0.5, 0.5],
          [m - 5 * MINUTE, 2, 1, 2, 0.5, 0.6],
          [m - 2 * MINUTE, 3, 1, 3, 0.5, 0.7],
        ],
      },
      { context: 'ctx', arm: 'b', points: [[m - 10 * MINUTE, 9, 1, 9, 0.5, 0.4]] },
    ]);
  });

  it('answers hour points as the last row of each hour, by default for windows older than a day', async () => {
    const h = Math.floor((Date.now() - 3 * DAY) / HOUR) * HOUR;
    await seed('hourly', [
      ['', 'a', h + MINUTE, 1, 0.1],
      ['', 'a', h + 30 * MINUTE, 2, 0.2],
      ['', 'a', h + HOUR + 5 * MINUTE, 3, 0.3],
    ]);
    const body = await history(`decision=hourly&from=${h}&to=${h + 2 * HOUR}`);
    expect(body.step).toBe('hour');
    expect(body.arms[0]!.points).toEqual([
      [h, 2, 1, 2, 0.5, 0.2],
      [h + HOUR, 3, 1, 3, 0.5, 0.3],
    ]);
  });

  it('defaults to the last day of minutes, and answers an unknown decision with no arms', async () => {
    const body = await history('decision=never-seen');
    expect(body.step).toBe('minute');
    expect(body.to - body.from).toBe(DAY);
    expect(body.arms).toEqual([]);
    expect(body.kappa).toEqual([]);
  });

  it.each([
    ['', 'decision'],
    ['decision=bad%07name', 'decision'],
    ['decision=d&from=yesterday', 'from'],
    ['decision=d&to=-5', 'to'],
    ['decision=d&from=2000&to=1000', 'from'],
    ['decision=d&step=week', 'step'],
    [`decision=d&from=0&to=${DAY + 1}&step=minute`, 'step'],
    [`decision=d&from=0&to=${HISTORY_KEEP_MS + 1}`, 'from'],
  ])('answers 400 naming the field for %s', async (query, path) => {
    const res = await call(`/v1/apps/demo/history?${query}`, { headers: admin() });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_body', issues: [{ path }] },
    });
  });

  it('needs the admin token', async () => {
    const res = await call('/v1/apps/demo/history?decision=d', {
      headers: { 'x-crowdbandit-key': 'pk_demo_test' },
    });
    expect(res.status).toBe(401);
    await res.body?.cancel();
    const post = await call('/v1/apps/demo/history', { method: 'POST', headers: admin() });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  });
});
