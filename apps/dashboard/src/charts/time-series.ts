import type uPlot from 'uplot';
import { colour, translucent } from './palette.ts';
import type { ChartSpec } from './uplot-chart.ts';

/** One drawn line: its label and values (null: no value then). */
export interface Line {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** A line with a band around it (an interval over time). */
export interface BandLine extends Line {
  readonly lower: readonly (number | null)[];
  readonly upper: readonly (number | null)[];
}

const HEIGHT = 220;
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null) => (v === null ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const percentAxis = (_u: uPlot, ticks: number[]) => ticks.map((t) => `${Math.round(t * 100)}%`);

interface Frame {
  readonly title: string;
  readonly percent: boolean;
  readonly yRange?: [number, number];
}

function base(frame: Frame, width: number): uPlot.Options {
  const y: uPlot.Scale = frame.yRange ? { range: frame.yRange } : {};
  return {
    width,
    height: HEIGHT,
    ms: 1,
    title: frame.title,
    scales: { x: { time: true }, y },
    axes: [
      { stroke: '#555', grid: { stroke: '#eee' } },
      {
        stroke: '#555',
        grid: { stroke: '#eee' },
        size: 56,
        ...(frame.percent ? { values: percentAxis } : {}),
      },
    ],
    cursor: { drag: { x: true, y: false } },
    series: [{}],
  };
}

// Hides the legend rows of the series that only bound a band, after uPlot built the legend.
function hideLegendRows(hidden: ReadonlySet<number>): uPlot.Plugin {
  return {
    hooks: {
      init: (u: uPlot) => {
        u.root.querySelectorAll('.u-legend .u-series').forEach((row, i) => {
          if (hidden.has(i)) (row as HTMLElement).style.display = 'none';
        });
      },
    },
  };
}

/**
 * Lines over time, e.g. selection share per arm or events per minute.
 *
 * @example
 * lineChart('share', 'Selection share', times, [{ label: 'popular', values }], { percent: true })
 */
export function lineChart(
  id: string,
  title: string,
  times: readonly number[],
  lines: readonly Line[],
  options: { percent: boolean; yRange?: [number, number] },
): ChartSpec {
  const frame: Frame = {
    title,
    percent: options.percent,
    ...(options.yRange ? { yRange: options.yRange } : {}),
  };
  const fmt = options.percent ? pct : num;
  return {
    shape: `${id}:${lines.map((l) => l.label).join('\u0000')}`,
    data: [times as number[], ...lines.map((l) => l.values as (number | null)[])],
    options: (width) => {
      const o = base(frame, width);
      o.series = [
        {},
        ...lines.map((l, i) => ({
          label: l.label,
          stroke: colour(i),
          width: 2,
          spanGaps: true,
          value: (_u: uPlot, v: number | null) => fmt(v),
        })),
      ];
      return o;
    },
  };
}

/**
 * Lines each with a translucent band (lower to upper): the cumulative mean per arm with its
 * 95% interval, or a confidence sequence over time.
 */
export function bandChart(
  id: string,
  title: string,
  times: readonly number[],
  lines: readonly BandLine[],
  options: { percent: boolean; yRange?: [number, number]; zeroLine?: boolean },
): ChartSpec {
  const frame: Frame = {
    title,
    percent: options.percent,
    ...(options.yRange ? { yRange: options.yRange } : {}),
  };
  const fmt = options.percent ? pct : num;
  const data: (number | null)[][] = [times as number[]];
  for (const l of lines)
    data.push(
      l.lower as (number | null)[],
      l.values as (number | null)[],
      l.upper as (number | null)[],
    );
  if (options.zeroLine) data.push(times.map(() => 0));
  return {
    shape: `${id}:${lines.map((l) => l.label).join('\u0000')}:${options.zeroLine === true}`,
    data: data as uPlot.AlignedData,
    options: (width) => {
      const o = base(frame, width);
      const hidden = new Set<number>();
      const bands: uPlot.Band[] = [];
      lines.forEach((l, i) => {
        const c = colour(i);
        const at = 1 + i * 3;
        hidden.add(at).add(at + 2);
        o.series.push(
          {
            label: `${l.label} lower`,
            stroke: translucent(c, 0.35),
            width: 1,
            spanGaps: true,
            points: { show: false },
          },
          { label: l.label, stroke: c, width: 2, spanGaps: true, value: (_u, v) => fmt(v) },
          {
            label: `${l.label} upper`,
            stroke: translucent(c, 0.35),
            width: 1,
            spanGaps: true,
            points: { show: false },
          },
        );
        bands.push({ series: [at + 2, at], fill: translucent(c, 0.08) });
      });
      if (options.zeroLine) {
        hidden.add(o.series.length);
        o.series.push({ label: 'zero', stroke: '#999', width: 1, dash: [4, 4] });
      }
      o.bands = bands;
      o.plugins = [hideLegendRows(hidden)];
      return o;
    },
  };
}

/**
 * Stacked areas that add up to 1 at each time (P(best) per arm, the rest as "others"): the
 * series are cumulative sums, each filled down to the one below it.
 */
export function stackedChart(
  id: string,
  title: string,
  times: readonly number[],
  lines: readonly Line[],
): ChartSpec {
  const sums: (number | null)[][] = [];
  let below: (number | null)[] = times.map(() => 0);
  for (const l of lines) {
    const next = l.values.map((v, i) =>
      v === null || below[i] === null ? below[i]! : below[i]! + v,
    );
    sums.push(next);
    below = next;
  }
  return {
    shape: `${id}:${lines.map((l) => l.label).join('\u0000')}`,
    // uPlot draws in order and each band fills down to the previous sum: top series first
    // would paint over the rest, so the sums go bottom up.
    data: [times as number[], ...sums],
    options: (width) => {
      const o = base({ title, percent: true, yRange: [0, 1] }, width);
      lines.forEach((l, i) => {
        const c = colour(i);
        o.series.push({
          label: l.label,
          stroke: c,
          width: 1,
          ...(i === 0 ? { fill: translucent(c, 0.55) } : {}),
          // The legend shows this arm's own share of the stack, from the chart's current data.
          value: (u, v, s, idx) => {
            const under = s > 1 && idx !== null ? u.data[s - 1]?.[idx] : 0;
            return pct(v === null || under === null || under === undefined ? null : v - under);
          },
        });
      });
      o.bands = lines.slice(1).map(
        (_l, i): uPlot.Band => ({
          series: [i + 2, i + 1],
          fill: translucent(colour(i + 1), 0.55),
        }),
      );
      return o;
    },
  };
}
