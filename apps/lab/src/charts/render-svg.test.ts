import { describe, expect, it } from 'vitest';
import { barChart } from './bar-chart.ts';
import { lineChart } from './line-chart.ts';
import { renderSvg } from './render-svg.ts';

describe('renderSvg', () => {
  it('renders a line chart with its series, dashed lines and rules to SVG', async () => {
    const svg = await renderSvg(
      lineChart({
        title: 'Regret',
        subtitle: ['line one', 'line two'],
        xTitle: 'T',
        yTitle: 'regret',
        xLog: true,
        series: [
          {
            name: 'thompson',
            points: [
              [10, 2],
              [100, 6],
            ],
          },
          {
            name: 'bound',
            points: [
              [10, 3],
              [100, 7],
            ],
            dashed: true,
          },
        ],
        rules: [{ y: 4, label: 'alone' }],
      }),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['Regret', 'line two', 'thompson', 'bound', 'alone'])
      expect(svg).toContain(text);
    expect(svg).toContain('stroke-dasharray');
  });

  it('renders grouped bars with error bars and labels', async () => {
    const svg = await renderSvg(
      barChart({
        title: 'Sizes',
        yTitle: 'KB',
        bars: [
          { group: 'ours', series: 'brotli', value: 9.5, low: 9, high: 10 },
          { group: 'peer', series: 'brotli', value: 12.25 },
        ],
        label: (bar) => bar.value.toFixed(2),
      }),
    );
    for (const text of ['Sizes', 'ours', 'peer', '12.25', '9.50']) expect(svg).toContain(text);
  });
});
