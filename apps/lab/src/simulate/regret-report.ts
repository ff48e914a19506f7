import { lineChart, type Series } from '../charts/line-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { figure, table, withInterval } from '../format.ts';
import { attributionLines } from '../obd/obd-attribution.ts';
import type { EnvironmentRegret } from './regret-study.ts';

/** The slope-ratio target on the K = 10 settings. */
export const SLOPE_RATIO_TARGET = 1.2;

/**
 * The regret table: per environment and policy, regret at T/10 and T, regret per decade,
 * and the slope ratio to the Lai–Robbins bound with its 95% interval over seeds.
 *
 * @example
 * console.log(regretTable(study));
 */
export function regretTable(study: readonly EnvironmentRegret[]): string {
  const rows: string[][] = [
    [
      'environment',
      'C_LR',
      'policy',
      'R(T/10)',
      'R(T)',
      'per decade',
      'ratio to C_LR·ln10 [95% CI]',
    ],
  ];
  for (const env of study) {
    const from = env.checkpoints.indexOf(env.slopeFrom);
    const to = env.checkpoints.indexOf(env.slopeTo);
    for (const p of env.policies) {
      rows.push([
        env.id,
        figure(env.laiRobbins, 4),
        p.policy,
        figure(p.mean[from]!, 4),
        figure(p.mean[to]!, 4),
        figure(p.mean[to]! - p.mean[from]!, 4),
        withInterval(p.slopeRatio),
      ]);
    }
  }
  return table(rows);
}

/**
 * An SVG chart of one environment's mean regret curves (log–log) with the Lai–Robbins
 * reference C_LR·ln T.
 *
 * @example
 * writeFileSync('regret-k10-e0.1.svg', await regretChart(study[0]));
 */
export async function regretChart(env: EnvironmentRegret, seeds: number): Promise<string> {
  const series: Series[] = env.policies.map((p) => ({
    name: p.policy,
    // A log axis cannot show 0 (a policy that has not erred yet).
    points: env.checkpoints.map((t, i) => [t, Math.max(p.mean[i]!, 1e-3)] as const),
  }));
  series.push({
    name: 'Lai–Robbins C·ln T',
    points: env.checkpoints.map((t) => [t, env.laiRobbins * Math.log(t)] as const),
    dashed: true,
  });
  return renderSvg(
    lineChart({
      title: `Cumulative regret — ${env.label}`,
      subtitle: [
        `mean pseudo-regret of ${seeds} seeds; C_LR = ${figure(env.laiRobbins, 4)}`,
        ...(env.source === undefined ? [] : attributionLines(env.source, 100)),
      ],
      xTitle: 'decisions T (log)',
      yTitle: 'cumulative regret (log)',
      xLog: true,
      yLog: true,
      series,
    }),
  );
}
