import type { TopLevelSpec } from 'vega-lite';

/** One bar: its group on the x axis, its series (colour) and value. */
export interface Bar {
  readonly group: string;
  readonly series: string;
  readonly value: number;
  /** Optional 95% interval drawn as an error bar. */
  readonly low?: number;
  readonly high?: number;
}

/** What {@link barChart} draws. */
export interface BarChartOptions {
  readonly title: string;
  /** One line, or several. */
  readonly subtitle?: string | readonly string[];
  readonly yTitle: string;
  readonly bars: readonly Bar[];
  /** A log y axis (bars are then drawn from the axis' lower end). */
  readonly yLog?: boolean;
  /** Text on each bar, e.g. the value rounded. */
  readonly label?: (bar: Bar) => string;
  readonly width?: number;
  readonly height?: number;
}

/**
 * A Vega-Lite spec of grouped bars (groups on x, series side by side) with optional error
 * bars and value labels.
 *
 * @example
 * await renderSvg(barChart({ title: 'Bundle size', yTitle: 'KB', bars: [{ group: 'ours', series: 'brotli', value: 9.1 }] }));
 */
export function barChart(options: BarChartOptions): TopLevelSpec {
  const groups = [...new Set(options.bars.map((b) => b.group))];
  const series = [...new Set(options.bars.map((b) => b.series))];
  const values = options.bars.map((b) => ({
    ...b,
    label: options.label?.(b) ?? '',
  }));
  const x = {
    field: 'group',
    type: 'nominal',
    title: null,
    sort: groups,
    axis: { labelAngle: 0 },
  } as const;
  const xOffset = { field: 'series', type: 'nominal', sort: series } as const;
  const y = {
    field: 'value',
    type: 'quantitative',
    title: options.yTitle,
    scale: options.yLog ? { type: 'log' as const } : {},
    // Bars of one colour stack by default, from zero, which a log scale has no place for.
    ...(options.yLog ? { stack: null } : {}),
  } as const;
  const hasIntervals = options.bars.some((b) => b.low !== undefined && b.high !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title:
      options.subtitle === undefined
        ? options.title
        : { text: options.title, subtitle: [options.subtitle].flat() },
    width: options.width ?? Math.max(240, groups.length * series.length * 42),
    height: options.height ?? 240,
    data: { values },
    layer: [
      {
        mark: 'bar',
        encoding: {
          x,
          xOffset,
          y,
          color: { field: 'series', type: 'nominal', title: null, sort: series },
        },
      },
      ...(hasIntervals
        ? [
            {
              mark: { type: 'errorbar' as const, ticks: true },
              encoding: {
                x,
                xOffset,
                y: {
                  field: 'low',
                  type: 'quantitative' as const,
                  scale: y.scale,
                  title: options.yTitle,
                },
                y2: { field: 'high' },
              },
            },
          ]
        : []),
      {
        mark: { type: 'text', dy: -6, fontSize: 10 },
        encoding: { x, xOffset, y, text: { field: 'label' } },
      },
    ],
    config: { font: 'sans-serif', legend: { orient: 'bottom', labelLimit: 0, columns: 4 } },
  };
}
