import type { TopLevelSpec } from 'vega-lite';

/** A named series of (x, y) points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Drawn dashed (reference lines such as a bound). */
  readonly dashed?: boolean;
}

/** What {@link lineChart} draws. */
export interface LineChartOptions {
  readonly title: string;
  /** One line, or several. */
  readonly subtitle?: string | readonly string[];
  readonly xTitle: string;
  readonly yTitle: string;
  readonly series: readonly Series[];
  readonly xLog?: boolean;
  readonly yLog?: boolean;
  /** Whether a linear y axis starts at 0 (default true); false fits it to the data. */
  readonly yZero?: boolean;
  /** Horizontal reference lines. */
  readonly rules?: readonly { readonly y: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

/**
 * A Vega-Lite spec of a multi-series line chart, one colour per series, dashed reference
 * lines, optional log axes.
 *
 * @example
 * await renderSvg(lineChart({ title: 'Regret', xTitle: 'T', yTitle: 'regret', xLog: true,
 *   series: [{ name: 'thompson', points: [[10, 2], [100, 6]] }] }));
 */
export function lineChart(options: LineChartOptions): TopLevelSpec {
  const values = options.series.flatMap((s) =>
    s.points.map(([x, y]) => ({ series: s.name, x, y, dashed: s.dashed === true })),
  );
  const names = options.series.map((s) => s.name);
  // Log axes get one tick and grid line per power of ten: Vega's defaults add every minor
  // tick with a label, which bloats the SVG and clutters the chart.
  const decades = (values: readonly number[]) => {
    const positive = values.filter((v) => v > 0);
    if (positive.length === 0) return undefined;
    const low = Math.floor(Math.log10(Math.min(...positive)));
    const high = Math.ceil(Math.log10(Math.max(...positive)));
    return Array.from({ length: high - low + 1 }, (_, i) => 10 ** (low + i));
  };
  const xTicks = options.xLog ? decades(values.map((v) => v.x)) : undefined;
  const yTicks = options.yLog ? decades(values.map((v) => v.y)) : undefined;
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    {
      mark: { type: 'line', strokeWidth: 2, clip: true },
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative',
          title: options.xTitle,
          scale: options.xLog ? { type: 'log' } : { zero: false },
          ...(xTicks === undefined ? {} : { axis: { values: xTicks, format: '~s' } }),
        },
        y: {
          field: 'y',
          type: 'quantitative',
          title: options.yTitle,
          scale: options.yLog ? { type: 'log' } : options.yZero === false ? { zero: false } : {},
          ...(yTicks === undefined ? {} : { axis: { values: yTicks, format: '~s' } }),
        },
        color: { field: 'series', type: 'nominal', title: null, sort: names },
        strokeDash: {
          field: 'dashed',
          type: 'nominal',
          legend: null,
          scale: {
            domain: [false, true],
            range: [
              [1, 0],
              [6, 4],
            ],
          },
        },
      },
    },
  ];
  for (const rule of options.rules ?? []) {
    layers.push({
      data: { values: [{ y: rule.y, label: rule.label }] },
      layer: [
        {
          mark: { type: 'rule', color: '#888', strokeDash: [3, 3] },
          encoding: { y: { field: 'y', type: 'quantitative' } },
        },
        {
          mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#555', x: 0 },
          encoding: { y: { field: 'y', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title:
      options.subtitle === undefined
        ? options.title
        : { text: options.title, subtitle: [options.subtitle].flat() },
    width: options.width ?? 420,
    height: options.height ?? 260,
    data: { values },
    layer: layers,
    config: { font: 'sans-serif', legend: { orient: 'bottom', columns: 3, labelLimit: 0 } },
  };
}
