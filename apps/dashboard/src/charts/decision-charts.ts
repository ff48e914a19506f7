import { betaInterval } from '@crowdbandit/core';
import { align, type History, type HistoryPoint, type KappaPoint } from '../history.ts';
import { type BandLine, bandChart, type Line, lineChart, stackedChart } from './time-series.ts';
import type { ChartSpec } from './uplot-chart.ts';

/** The three time series of a decision page. */
export interface DecisionCharts {
  readonly points: number;
  /** Whether any selection share is known (it needs impressions). */
  readonly shares: boolean;
  readonly mean: ChartSpec;
  readonly pBest: ChartSpec;
  readonly share: ChartSpec;
  /** κ over time, null until the edge has estimated it from the clients. */
  readonly kappa: ChartSpec | null;
}

const cache = new WeakMap<History, { key: string; charts: DecisionCharts }>();

/** The current reading, drawn after the history's last point (the edge's bucket still fills). */
export interface LivePoint {
  readonly t: number;
  readonly points: ReadonlyMap<string, HistoryPoint>;
  /** The decision's κ now, when estimated from the clients. */
  readonly kappa: number | null;
}

/**
 * The decision page's charts for the chosen arms (ids with their labels), the history
 * followed by the current reading when it is newer: the cumulative
 * mean with its 95% interval (Beta(1 + S, 1 + F), as the stats compute it), P(best) stacked
 * with the rest as "others", and the selection share. Cached until the history changes or
 * other arms are chosen, so a re-render hands uPlot the very same data and nothing redraws.
 */
export function decisionCharts(
  history: History,
  arms: readonly { id: string; label: string }[],
  live: LivePoint | null,
): DecisionCharts {
  const key = `${history.revision}:${live?.t}:${live?.kappa}:${arms.map((a) => a.id).join('\u0001')}`;
  const held = cache.get(history);
  if (held?.key === key) return held.charts;

  const { times, rows } = align(
    history,
    arms.map((a) => a.id),
  );
  if (live !== null && live.t > (times.at(-1) ?? Number.NEGATIVE_INFINITY)) {
    times.push(live.t);
    arms.forEach((arm, i) => {
      const row = rows[i]!;
      row.push(live.points.get(arm.id) ?? row.at(-1) ?? null);
    });
  }
  const intervals = new Map<string, [number, number]>();
  const interval = (s: number, f: number) => {
    const k = `${s}:${f}`;
    let found = intervals.get(k);
    if (!found) {
      found = betaInterval(1 + s, 1 + f);
      intervals.set(k, found);
    }
    return found;
  };
  const bands: BandLine[] = arms.map((arm, i) => {
    const row = rows[i]!;
    return {
      label: arm.label,
      values: row.map((p) => (p === null ? null : (1 + p.s) / (2 + p.s + p.f))),
      lower: row.map((p) => (p === null ? null : interval(p.s, p.f)[0])),
      upper: row.map((p) => (p === null ? null : interval(p.s, p.f)[1])),
    };
  });
  const pBest: Line[] = arms.map((arm, i) => ({
    label: arm.label,
    values: rows[i]!.map((p) => p?.pBest ?? null),
  }));
  const others = times.map((_, t) =>
    Math.max(0, 1 - pBest.reduce((sum, line) => sum + (line.values[t] ?? 0), 0)),
  );
  if (others.some((v) => v > 0.0005)) pBest.push({ label: 'others', values: others });
  const share: Line[] = arms.map((arm, i) => ({
    label: arm.label,
    values: rows[i]!.map((p) => p?.share ?? null),
  }));

  const kappa = kappaLine(history.kappa, times, live);

  const charts: DecisionCharts = {
    points: times.length,
    shares: share.some((line) => line.values.some((v) => v !== null)),
    mean: bandChart('mean', 'Cumulative mean with 95% interval', times, bands, {
      percent: true,
    }),
    pBest: stackedChart('pbest', 'P(best), stacked', times, pBest),
    share: lineChart('share', 'Selection share', times, share, { percent: true }),
    kappa:
      kappa === null
        ? null
        : lineChart('kappa', "κ, the crowd prior's strength", times, [kappa], {
            percent: false,
          }),
  };
  cache.set(history, { key, charts });
  return charts;
}

// κ at each time of the axis, carried forward from its last change; the current reading last.
function kappaLine(
  points: readonly KappaPoint[],
  times: readonly number[],
  live: LivePoint | null,
): Line | null {
  if (points.length === 0 && (live?.kappa ?? null) === null) return null;
  let j = -1;
  const values = times.map((t, i) => {
    if (live !== null && i === times.length - 1 && t === live.t && live.kappa !== null) {
      return live.kappa;
    }
    while (j + 1 < points.length && points[j + 1]!.t <= t) j++;
    return j >= 0 ? points[j]!.value : null;
  });
  return { label: 'κ', values };
}
