import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriorsAggregator } from '../src/priors-aggregator.ts';
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

interface Alert {
  kind: string;
  arm: string;
  value: number;
  threshold: number;
  startedAt?: number;
}

async function shiftAlerts(): Promise<Alert[]> {
  const stats = await (await call('/v1/apps/tight/stats', { headers: admin() })).json<{
    decisions: { decision: string; alerts: Alert[] }[];
  }>();
  return stats.decisions.flatMap((d) => d.alerts).filter((a) => a.kind === 'sudden-shift');
}

const pause = () => new Promise((done) => setTimeout(done, 5));

describe('the sudden-shift alert (tight: 2 points, 5 of evidence)', () => {
  it('fires when clients first seen in one push period move an arm, and ends after it', async () => {
    for (let c = 0; c < 10; c++) {
      await postBatch('tight', {
        clientId: clientId(c),
        seq: 1,
        deltas: [{ decision: 'shift', context: '', arm: 'x', s: 2.5, f: 2.5 }],
      });
    }
    // Everyone is new at the very first push: there is no older crowd to move.
    await pushShards('tight');
    expect(await shiftAlerts()).toEqual([]);

    await pause();
    const started = Date.now();
    for (let c = 100; c < 103; c++) {
      await postBatch('tight', {
        clientId: clientId(c),
        seq: 1,
        deltas: [{ decision: 'shift', context: '', arm: 'x', s: 10, f: 0 }],
      });
    }
    await pushShards('tight');
    // 25:25 from the crowd, 30:0 from three newcomers: 68.75% instead of 50%.
    const [alert, ...others] = await shiftAlerts();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ kind: 'sudden-shift', arm: 'x', threshold: 2 });
    expect(alert!.value).toBeCloseTo((55 / 80 - 0.5) * 100, 6);
    expect(alert!.startedAt).toBeGreaterThanOrEqual(started);

    // The next period brings no new client: the move is no longer theirs, the alert ends.
    await pause();
    await postBatch('tight', {
      clientId: clientId(0),
      seq: 2,
      deltas: [{ decision: 'shift', context: '', arm: 'y', s: 1, f: 0 }],
    });
    await pushShards('tight');
    expect(await shiftAlerts()).toEqual([]);
  });

  it('stays quiet when new clients agree with the crowd', async () => {
    for (let c = 200; c < 210; c++) {
      await postBatch('tight', {
        clientId: clientId(c),
        seq: 1,
        deltas: [{ decision: 'calm', context: '', arm: 'z', s: 2, f: 2 }],
      });
    }
    await pushShards('tight');
    await pause();
    for (let c = 300; c < 310; c++) {
      await postBatch('tight', {
        clientId: clientId(c),
        seq: 1,
        deltas: [{ decision: 'calm', context: '', arm: 'z', s: 3, f: 3 }],
      });
    }
    await pushShards('tight');
    expect((await shiftAlerts()).filter((a) => a.arm === 'z')).toEqual([]);
  });

  it('stays quiet when a newcomer moves a thin arm by no more than chance would', async () => {
    const stub = env.PRIORS.getByName('tight:chance');
    const read = () =>
      runInDurableObject(stub, (_: PriorsAggregator, state) =>
        state.storage.sql.exec("SELECT id FROM alerts WHERE kind = 'sudden-shift'").toArray(),
      );
    // 25:25 from older clients; one newcomer's 3:0 moves the mean 2.83 points (over the 2 of
    // the threshold), but 3 trials at 100% against 50 at 50% is 1.7 standard errors apart.
    await stub.merge(
      'tight',
      0,
      1,
      [pushedRow('d', '', 'x', 28_000, 25_000, 10, Date.now())],
      [['d', '', 'x', 3000, 0]],
    );
    expect(await read()).toEqual([]);
    // Ten such newcomers, 30:0, are far beyond chance: the alert opens.
    await stub.merge(
      'tight',
      0,
      2,
      [pushedRow('d', '', 'x', 55_000, 25_000, 10, Date.now())],
      [['d', '', 'x', 30_000, 0]],
    );
    expect(await read()).toHaveLength(1);
  });

  it('ends only once the move falls to half the threshold', async () => {
    const stub = env.PRIORS.getByName('tight:hysteresis');
    const now = Date.now();
    // 70:40 of bounded evidence in all; fresh clients brought 20:0 of it (3.7 standard errors
    // from the older 50:40), then 4:0, then none.
    const row = pushedRow('d', '', 'x', 70_000, 40_000, 10, now);
    const open = () =>
      runInDurableObject(stub, (_: PriorsAggregator, state) =>
        state.storage.sql
          .exec<{ value: number; ended_at: number | null }>(
            "SELECT value, ended_at FROM alerts WHERE kind = 'sudden-shift' AND arm = 'x'",
          )
          .toArray(),
      );
    await stub.merge('tight', 0, 1, [row], [['d', '', 'x', 20_000, 0]]);
    const opened = (70 / 110 - 50 / 90) * 100;
    expect(await open()).toEqual([{ value: expect.closeTo(opened, 6), ended_at: null }]);
    // 1.37 points: under the threshold (2) but over half of it, the alert goes on.
    await stub.merge('tight', 0, 2, [row], [['d', '', 'x', 4000, 0]]);
    expect(await open()).toEqual([{ value: expect.closeTo(opened, 6), ended_at: null }]);
    await stub.merge('tight', 0, 3, [], []);
    expect(await open()).toEqual([
      { value: expect.closeTo(opened, 6), ended_at: expect.any(Number) },
    ]);
  });
});
