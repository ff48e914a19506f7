// The dashboard's reading of the edge's history endpoint, whose wire shape was agreed before
// the endpoint existed: the shapes it may take all decode to the same points. (Here rather
// than beside the code because no Vitest project covers apps/dashboard yet.)
import { describe, expect, it } from 'vitest';
import { align, emptyHistory, mergeHistory } from '../../apps/dashboard/src/history.ts';
import { decodeHistory, splitArmKey } from '../../apps/dashboard/src/history-client.ts';

const T0 = 1_796_500_000_000;
const point = { t: T0, s: 3, f: 1, n: 10, share: 0.4, pBest: 0.7 };

describe('decodeHistory', () => {
  it.each([
    ['a NUL-separated key', { '\u0000popular': { points: [point] } }],
    ["core's decision/context/arm key", { 'strategy//popular': { points: [point] } }],
    ['a bare arm id', { popular: { points: [point] } }],
    ['a list of arms', [{ context: '', arm: 'popular', points: [point] }]],
    ['seconds and tuples', { popular: [[T0 / 1000, 3, 1, 10, 0.4, 0.7]] }],
  ])('reads %s', (_, arms) => {
    const decoded = decodeHistory({ app: 'demo', step: 'minute', arms }, 'strategy');
    expect(decoded).toEqual({
      ok: true,
      value: {
        decision: 'strategy',
        step: 'minute',
        from: null,
        to: null,
        arms: [
          {
            context: '',
            arm: 'popular',
            points: [{ t: T0, s: 3, f: 1, n: 10, share: 0.4, pBest: 0.7, kappa: null }],
          },
        ],
      },
    });
  });

  it('keeps an arm id that holds slashes whole, and its context', () => {
    expect(splitArmKey('home-feed/evening/films/tt1', 'home-feed')).toEqual({
      context: 'evening',
      arm: 'films/tt1',
    });
    expect(splitArmKey('evening\u0000a/b', 'home-feed')).toEqual({
      context: 'evening',
      arm: 'a/b',
    });
  });

  it('drops points without a time and refuses a body without arms', () => {
    const decoded = decodeHistory({ arms: { a: { points: [{ s: 1 }, { t: T0 }] } } }, 'd');
    expect(decoded.ok && decoded.value.arms[0]?.points.map((p) => p.t)).toEqual([T0]);
    expect(decodeHistory({ step: 'hour' }, 'd').ok).toBe(false);
  });
});

describe('the history the decision page draws', () => {
  it('replaces the bucket that keeps filling, appends later ones, and carries points forward on one axis', () => {
    const history = emptyHistory('d', 'edge');
    const at = (t: number, s: number) => ({ ...point, t, s, kappa: null });
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
});
