import { afterEach, describe, expect, it } from 'vitest';
import {
  admin,
  call,
  clientId,
  drainAllAlarms,
  postBatch,
  priors,
  pushShards,
  rawTotals,
} from './helpers.ts';

afterEach(drainAllAlarms);

interface Snapshot {
  decisions: Record<string, Record<string, Record<string, [number, number]>>>;
  maxWeightPerClient: number;
}

async function published(arm: string) {
  await pushShards('tight');
  const raw = await rawTotals('tight');
  const snapshot = await (await priors('tight')).json<Snapshot>();
  return { raw: raw.decisions.d?.['']?.[arm], snapshot: snapshot.decisions.d?.['']?.[arm] };
}

describe('bounded influence per client (tight: maxWeightPerClient 10, 5 impressions)', () => {
  it('counts every event once in the raw totals and publishes one client as one bounded vote', async () => {
    const id = clientId(1);
    for (const [seq, s, f, n] of [
      [1, 6, 2, 3],
      [2, 3, 1, 4],
    ] as const) {
      const res = await postBatch('tight', {
        clientId: id,
        seq,
        deltas: [{ decision: 'd', context: '', arm: 'a', s, f, n }],
      });
      // Nothing is clamped from a batch any more: the client's own counts are applied whole.
      expect(await res.json()).toEqual(expect.objectContaining({ status: 'accepted', seq }));
    }
    const { raw, snapshot } = await published('a');
    expect(raw?.raw).toEqual([9, 3, 7]);
    // 12 of weight scaled to 10, keeping its 3:1 rate; impressions cut to 5.
    expect(raw?.bounded).toEqual([7.5, 2.5, 5]);
    expect(snapshot).toEqual([7.5, 2.5]);
    // The admin's stats describe the crowd as it is published.
    const stats = await (await call('/v1/apps/tight/stats', { headers: admin() })).json<{
      decisions: { decision: string; arms: { arm: string; s: number; f: number; n: number }[] }[];
    }>();
    const arm = stats.decisions.find((d) => d.decision === 'd')?.arms.find((a) => a.arm === 'a');
    expect(arm).toMatchObject({ s: 7.5, f: 2.5, n: 5 });
  });

  it('gives the same bounded sum however a client batches its events', async () => {
    await postBatch('tight', {
      clientId: clientId(2),
      seq: 1,
      deltas: [{ decision: 'd', context: '', arm: 'b', s: 9, f: 3 }],
    });
    for (let seq = 1; seq <= 12; seq++) {
      await postBatch('tight', {
        clientId: clientId(3),
        seq,
        deltas: [
          { decision: 'd', context: '', arm: 'b', s: seq <= 9 ? 1 : 0, f: seq <= 9 ? 0 : 1 },
        ],
      });
    }
    const { raw } = await published('b');
    expect(raw?.raw).toEqual([18, 6, 0]);
    expect(raw?.bounded).toEqual([15, 5, 0]);
  });

  it('does not let one client’s bound limit another client', async () => {
    for (const n of [4, 5]) {
      await postBatch('tight', {
        clientId: clientId(n),
        seq: 1,
        deltas: [{ decision: 'd', context: '', arm: 'c', s: 10, f: 0 }],
      });
    }
    expect((await published('c')).snapshot).toEqual([20, 0]);
  });

  it('takes a removed client’s bounded share back out exactly', async () => {
    await postBatch('tight', {
      clientId: clientId(6),
      seq: 1,
      deltas: [{ decision: 'd', context: '', arm: 'e', s: 2, f: 2 }],
    });
    await postBatch('tight', {
      clientId: clientId(7),
      seq: 1,
      deltas: [{ decision: 'd', context: '', arm: 'e', s: 50, f: 0, n: 9 }],
    });
    expect((await published('e')).raw?.bounded).toEqual([12, 2, 5]);
    const res = await call(`/v1/apps/tight/clients/${clientId(7)}`, {
      method: 'DELETE',
      headers: admin(),
    });
    expect(await res.json()).toEqual({
      clientId: clientId(7),
      removedArmKeys: 1,
      removedExperimentCounts: 0,
    });
    const after = await published('e');
    expect(after.raw).toEqual({ raw: [2, 2, 0], bounded: [2, 2, 0] });
  });
});
