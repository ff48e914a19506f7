// The dashboard's reading of the edge's history endpoint (HistorySchema) and the history it
// draws from it. (Here rather than beside the code because no Vitest project covers
// apps/dashboard yet.)
import { describe, expect, it } from 'vitest';
import { decisionCharts } from '../../apps/dashboard/src/charts/decision-charts.ts';
import { align, emptyHistory, mergeHistory } from '../../apps/dashboard/src/history.ts';
import { decodeHistory } from '../../apps/dashboard/src/history-client.ts';

const T0 = 1_796_500_000_000;
const point = { t: T0, s: 3, f: 1, n: 10, share: 0.4, pBest: 0.7 };
const body = {
  app: 'demo',
  decision: 'strategy',
  step: 'minute',
  from: T0 - 60_000,
  to: T0 + 60_000,
  kappa: [[T0, 812.5]],
  arms: [{ context: 'evening', arm: 'films/tt1', points: [[T0, 3, 1, 10, 0.4, 0.7]] }],
};

describe('decodeHistory', () => {
  it('reads the tuples of HistorySchema as points, and κ over time', () => {
    expect(decodeHistory(body)).toEqual({
      ok: true,
      value: {
        decision: 'strategy',
        step: 'minute',
        from: T0 - 60_000,
        to: T0 + 60_000,
        kappa: [{ t: T0, value: 812.5 }],
        arms: [{ context: 'evening', arm: 'films/tt1', points: [point] }],
      },
    });
  });

  it('refuses a body that is not a history, saying where', () => {
    const noArms = decodeHistory({ ...body, arms: undefined });
    expect(noArms).toMatchObject({ ok: false, message: expect.stringMatching(/^arms/) });
    const shortPoint = decodeHistory({
      ...body,
      arms: [{ context: '', arm: 'a', points: [[T0, 1, 0]] }],
    });
    expect(shortPoint.ok).toBe(false);
    expect(decodeHistory({ ...body, kappa: [[T0, 0]] }).ok).toBe(false);
  });
});

describe('the history the decision page draws', () => {
  it('replaces the bucket that keeps filling, appends later ones, and carries points forward on one axis', () => {
    const history = emptyHistory('d', 'edge');
    const at = (t: number, s: number) => ({ ...point, t, s });
    mergeHistory(history, [{ context: '', arm: 'a', points: [at(T0, 1), at(T0 + 60_000, 2)] }]);
    mergeHistory(history, [
      { context: '', arm: 'a', points: [at(T0 + 60_000, 3), at(T0 + 120_000, 4)] },
      { context: '', arm: 'b', points: [at(T0 + 60_000, 9)] },
    ]);
    const { times, rows } = align(history, ['\u0000a', '\u0000b']);
    expect(times).toEqual([T0, T0 + 60_000, T0 + 120_000]);
    expect(rows[0]!.map((p) => p?.s)).toEqual([1, 3, 4]);
    expect(rows[1]!.map((p) => p?.s ?? null)).toEqual([null, 9, 9]);
  });

  it('keeps κ in time order, the bucket that keeps filling replaced', () => {
    const history = emptyHistory('d', 'edge');
    mergeHistory(
      history,
      [],
      [
        { t: T0, value: 100 },
        { t: T0 + 120_000, value: 300 },
      ],
    );
    mergeHistory(
      history,
      [],
      [
        { t: T0 + 60_000, value: 200 },
        { t: T0 + 120_000, value: 310 },
      ],
    );
    expect(history.kappa.map((p) => [p.t - T0, p.value])).toEqual([
      [0, 100],
      [60_000, 200],
      [120_000, 310],
    ]);
  });

  it("draws κ carried forward on the arms' time axis, the current reading last, and no κ chart before one", () => {
    const history = emptyHistory('d', 'edge');
    const at = (t: number) => ({ ...point, t });
    mergeHistory(history, [
      { context: '', arm: 'a', points: [at(T0), at(T0 + 60_000), at(T0 + 120_000)] },
    ]);
    const arms = [{ id: '\u0000a', label: 'a' }];
    expect(decisionCharts(history, arms, null).kappa).toBeNull();
    mergeHistory(history, [], [{ t: T0 + 60_000, value: 400 }]);
    const live = { t: T0 + 150_000, points: new Map(), kappa: 450 };
    const { kappa } = decisionCharts(history, arms, live);
    expect(kappa?.data).toEqual([
      [T0, T0 + 60_000, T0 + 120_000, T0 + 150_000],
      [null, 400, 400, 450],
    ]);
  });
});
