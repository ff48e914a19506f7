import { barChart } from '../charts/bar-chart.ts';
import { lineChart, type Series } from '../charts/line-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { figure, table, withInterval } from '../format.ts';
import { attributionLines } from '../obd/obd-attribution.ts';
import type { CommunityRow, CommunityStudy } from './community-study.ts';

/** The cold-start target: newcomers' regret over their first 100 decisions ≥ 3× lower. */
export const NEWCOMER_GAIN_TARGET = 3;

const label = (row: CommunityRow) =>
  row.strength === null ? 'alone, Beta(1,1)' : `priors, cap ${figure(row.strength)}`;

/**
 * Newcomers' regret alone and with community priors at each checkpoint, and the gain.
 *
 * @example
 * console.log(newcomerTable(study));
 */
export function newcomerTable(study: CommunityStudy): string {
  const rows: string[][] = [
    ['newcomers', ...study.checkpoints.map((t) => `regret @${figure(t)}`)],
    [label(study.alone), ...study.alone.regret.map((e) => withInterval(e))],
    [label(study.headline), ...study.headline.regret.map((e) => withInterval(e))],
    ['gain (alone / priors)', ...study.gain.map((e) => `${withInterval(e)}×`)],
  ];
  return table(rows);
}

/**
 * The prior-strength sweep: newcomers' regret at each checkpoint and late regret per 1,000
 * decisions for mainstream and niche users.
 *
 * @example
 * console.log(sweepTable(study));
 */
export function sweepTable(study: CommunityStudy): string {
  const last = study.checkpoints.length - 1;
  const lateSpan = `${figure(study.checkpoints[last - 1] ?? 0)}–${figure(study.checkpoints[last]!)}`;
  const rows: string[][] = [
    [
      'maxPriorStrength',
      ...study.checkpoints.map((t) => `@${figure(t)}`),
      `late/1k mainstream (${lateSpan})`,
      'late/1k niche',
    ],
  ];
  for (const row of study.sweep) {
    rows.push([
      row.strength === null ? 'alone' : figure(row.strength),
      ...row.regret.map((e) => figure(e.value)),
      withInterval(row.lateMainstream),
      withInterval(row.lateNiche),
    ]);
  }
  return table(rows);
}

/**
 * How the gain at 100 decisions depends on how much users' tastes differ.
 *
 * @example
 * console.log(sensitivityTable(study));
 */
export function sensitivityTable(study: CommunityStudy): string {
  const at = study.checkpoints.indexOf(100);
  const rows: string[][] = [
    ['κ (taste spread)', 'niche share', 'alone @100', 'priors @100', 'gain @100'],
  ];
  const all = [
    {
      concentration: study.concentration,
      alone: study.alone,
      withPriors: study.headline,
      gain: study.gain,
    },
    ...study.sensitivity,
  ].sort((a, b) => a.concentration - b.concentration);
  for (const s of all) {
    rows.push([
      figure(s.concentration),
      `${Math.round(s.alone.nicheShare * 100)}%`,
      figure(s.alone.regret[at]!.value),
      figure(s.withPriors.regret[at]!.value),
      `${withInterval(s.gain[at]!)}×`,
    ]);
  }
  return table(rows);
}

/**
 * Bars of newcomers' regret per 1,000 decisions over their first 10, 100, … decisions
 * (cumulative regret ÷ decisions, so every group shares one scale), alone vs with priors
 * (and the engine's default cap of 100 when the sweep has it), under the attribution of the
 * sample the catalog came from.
 *
 * @example
 * writeFileSync('community-newcomers.svg', await newcomerChart(study, sample.attribution));
 */
export async function newcomerChart(study: CommunityStudy, attribution: string): Promise<string> {
  const rows = [study.alone, study.headline];
  const defaultCap = study.sweep.find((row) => row.strength === 100);
  if (defaultCap !== undefined && study.headline.strength !== 100) rows.splice(1, 0, defaultCap);
  const perThousand = (value: number, t: number) => (1000 * value) / t;
  return renderSvg(
    barChart({
      title: "Newcomers' regret, alone vs with community priors",
      subtitle: [
        `OBD-like catalog, κ = ${figure(study.concentration)}, ${study.seeds} seeds; 95% intervals over seeds`,
        ...attributionLines(attribution, 100),
      ],
      yTitle: 'regret per 1,000 decisions',
      bars: rows.flatMap((row) =>
        study.checkpoints.map((t, j) => ({
          group: `first ${figure(t)} decisions`,
          series: label(row),
          value: perThousand(row.regret[j]!.value, t),
          low: perThousand(row.regret[j]!.low, t),
          high: perThousand(row.regret[j]!.high, t),
        })),
      ),
      label: (bar) => figure(bar.value, 2),
    }),
  );
}

/**
 * The sweep as a chart: regret with priors relative to alone, per checkpoint, against the
 * cap on the prior's strength; plus niche users' late regret relative to alone.
 *
 * @example
 * writeFileSync('community-prior-strength.svg', await sweepChart(study, sample.attribution));
 */
export async function sweepChart(study: CommunityStudy, attribution: string): Promise<string> {
  const capped = study.sweep.filter((row) => row.strength !== null);
  const series: Series[] = study.checkpoints.map((t, j) => ({
    name: `first ${figure(t)} decisions`,
    points: capped.map(
      (row) => [row.strength!, row.regret[j]!.value / study.alone.regret[j]!.value] as const,
    ),
  }));
  series.push({
    name: 'niche users, late regret',
    dashed: true,
    points: capped.map(
      (row) => [row.strength!, row.lateNiche.value / study.alone.lateNiche.value] as const,
    ),
  });
  return renderSvg(
    lineChart({
      title: 'Prior strength: cold-start gain vs personal fit',
      subtitle: [
        'newcomers’ regret with priors ÷ regret alone (below 1: priors help)',
        ...attributionLines(attribution, 100),
      ],
      xTitle: 'maxPriorStrength (log)',
      yTitle: 'regret relative to learning alone',
      xLog: true,
      series,
      rules: [{ y: 1, label: 'alone' }],
    }),
  );
}
