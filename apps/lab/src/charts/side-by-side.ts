import type { TopLevelSpec } from 'vega-lite';

/**
 * Charts next to each other under one title (Vega-Lite `hconcat`), each keeping its own
 * title, axes and data; series of the same name share a colour and one legend.
 *
 * @example
 * await renderSvg(sideBySide({ title: 'Both worlds', charts: [lineChart(a), lineChart(b)] }));
 */
export function sideBySide(options: {
  readonly title: string;
  readonly subtitle?: readonly string[];
  readonly charts: readonly TopLevelSpec[];
}): TopLevelSpec {
  const first = options.charts[0] as { config?: TopLevelSpec['config'] } | undefined;
  const panels = options.charts.map((chart) => {
    const {
      $schema: _schema,
      config: _config,
      ...panel
    } = chart as TopLevelSpec & {
      $schema?: string;
    };
    return panel;
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title:
      options.subtitle === undefined
        ? options.title
        : { text: options.title, subtitle: [...options.subtitle] },
    hconcat: panels as Extract<TopLevelSpec, { hconcat: unknown }>['hconcat'],
    ...(first?.config === undefined ? {} : { config: first.config }),
  } as TopLevelSpec;
}
