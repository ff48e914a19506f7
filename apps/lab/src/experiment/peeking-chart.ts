import { lineChart } from '../charts/line-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { figure, percent } from '../format.ts';

/** What {@link peekingChart} draws: the A/A study's share of runs rejected by each look. */
export interface PeekingCurves {
  readonly users: readonly number[];
  readonly sequence: readonly number[];
  readonly naive: readonly number[];
  readonly runs: number;
  readonly rate: number;
  readonly batch: number;
  readonly alpha: number;
}

/**
 * The A/A false-positive rate of a team that looks after every batch, against the users
 * seen: the confidence sequence stays under alpha, the fixed-horizon z-test climbs past it.
 *
 * @example
 * writeFileSync('experiment-peeking.svg', await peekingChart(curves));
 */
export function peekingChart(curves: PeekingCurves): Promise<string> {
  const { users, runs } = curves;
  return renderSvg(
    lineChart({
      title: 'A/A experiments checked after every batch',
      subtitle: [
        `share of ${figure(runs)} A/A runs (both arms ${percent(curves.rate, 0)}) that declared a difference by then;`,
        `a look every ${figure(curves.batch)} users, from 100 users per arm; assignment and tests are core's`,
      ],
      xTitle: 'users so far',
      yTitle: 'false-positive rate',
      series: [
        {
          name: 'fixed-horizon z-test, p < 0.05 at any look',
          points: users.map((u, k) => [u, curves.naive[k]!] as const),
        },
        {
          name: 'confidence sequence excludes 0 at any look',
          points: users.map((u, k) => [u, curves.sequence[k]!] as const),
        },
      ],
      rules: [{ y: curves.alpha, label: `α = ${curves.alpha}` }],
    }),
  );
}
