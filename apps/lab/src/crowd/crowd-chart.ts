import { lineChart, type Series } from '../charts/line-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { sideBySide } from '../charts/side-by-side.ts';
import { figure } from '../format.ts';
import { attributionLines, obdAttribution } from '../obd/obd-attribution.ts';
import type { InProcessCrowdKeys } from './crowd-result.ts';

type World = 'homogeneous' | 'cohorts';
const WORLDS: readonly [World, string][] = [
  ['homogeneous', "the lab's homogeneous OBD-like world"],
  ['cohorts', "the lab's 4-cohort world"],
];

/**
 * The fixed-cap sweep against the learned κ on both worlds, one panel each: newcomers'
 * regret over their first 100 decisions, alone ÷ with priors, against the cap (log x), with
 * the defaults (learned κ) as a dashed line across the sweep, under the attribution of the
 * sample the worlds came from.
 *
 * @example
 * writeFileSync('crowd-caps.svg', await crowdChart(keys));
 */
export async function crowdChart(keys: InProcessCrowdKeys): Promise<string> {
  // A crowd.json without the data key predates --data reading other campaigns: the lab then
  // read random/men/men.csv only; the item count is the worlds' own.
  const rates = keys.crowd_study.worlds.homogeneous?.item_rates;
  const legacy = Array.isArray(rates) ? obdAttribution('men', rates.length) : null;
  const attribution = keys.data === undefined ? legacy : (keys.data?.attribution ?? null);
  const h = keys.newcomer_regret_ratio_default;
  const panel = (world: World, name: string) => {
    const caps = keys.fixed_cap_sweep.filter((row) => row[world] !== null);
    const span = [caps[0]?.cap ?? 1, caps.at(-1)?.cap ?? 1] as const;
    const flat = (y: number | undefined) =>
      y === undefined ? [] : span.map((x) => [x, y] as const);
    const series: Series[] = [
      {
        name: 'fixed cap, unbounded totals',
        points: caps.map((row) => [row.cap, row[world]!.value] as const),
      },
      {
        name: 'learned κ, defaults',
        dashed: true,
        points: flat(keys.default_ratios[world]?.value),
      },
    ];
    return lineChart({
      title: name,
      xTitle: 'fixed cap on the prior strength (log)',
      yTitle: 'regret alone ÷ with priors',
      xLog: true,
      series,
      rules:
        world === 'homogeneous'
          ? [
              { y: 1, label: 'alone' },
              { y: h.target, label: `target ${h.target}×` },
            ]
          : [{ y: 1, label: 'alone' }],
      // The 4-cohort world's ratios sit close to 1: from 0 they would be one line.
      yZero: world === 'homogeneous',
      width: 330,
      height: 240,
    });
  };
  const w = keys.crowd_study.edge_defaults.maxWeightPerClient;
  return renderSvg(
    sideBySide({
      title: 'Prior strength: fixed caps vs the learned κ',
      subtitle: [
        `newcomers' regret over their first ${h.checkpoint} decisions, alone ÷ with priors (above 1: priors help); ` +
          `${h.seeds} seeds for κ, ${keys.fixed_cap_sweep[0]?.seeds ?? 0} per cap`,
        `defaults: W = ${typeof w === 'number' ? figure(w) : '∞'}, κ learned by the edge from users with ≥ ${figure(keys.chosen_bounds.edge_defaults.kappa.minClientWeight ?? 2)} events on an item`,
        ...(attribution === null ? [] : attributionLines(attribution, 100)),
      ],
      charts: WORLDS.map(([world, name]) => panel(world, name)),
    }),
  );
}
