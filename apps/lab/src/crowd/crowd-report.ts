import { figure, table, withInterval } from '../format.ts';
import type { Estimate } from '../stats.ts';
import type { InProcessCrowdKeys, KappaPoint, WorldRatios } from './crowd-result.ts';
import type { FixedExposureKappa } from './kappa-check.ts';

const ci = (e: Estimate | null) => (e === null ? '–' : withInterval(e));
// The columns after the first 100 decisions: 1,000 (where reached) and the horizon.
const laterHeader = (r: WorldRatios) => [
  'homog. @1,000',
  '4-cohort @1,000',
  ...(r.late === null
    ? []
    : [`homog. @${figure(r.late.checkpoint)}`, `4-cohort @${figure(r.late.checkpoint)}`]),
  'seeds',
];
const later = (r: WorldRatios) => [
  ci(r.homogeneous_1000),
  ci(r.cohorts_1000),
  ...(r.late === null ? [] : [ci(r.late.homogeneous), ci(r.late.cohorts)]),
];
const items = (n: number) => `${figure(n, 2)} item${n === 1 ? '' : 's'}`;
const wLabel = (w: number | null) => (w === null ? '∞' : figure(w));

/**
 * The fixed-cap sweep beside the defaults, both worlds.
 *
 * @example
 * console.log(capTable(keys));
 */
export function capTable(keys: InProcessCrowdKeys): string {
  const h = keys.newcomer_regret_ratio_default;
  const c = keys.cohort_regret_ratio_default;
  const d = keys.default_ratios;
  return table([
    ['prior strength', 'homogeneous @100', '4-cohort @100', ...laterHeader(d)],
    ['learned κ (defaults)', withInterval(h), withInterval(c), ...later(d), String(h.seeds)],
    ...keys.fixed_cap_sweep.map((row) => [
      `fixed cap ${figure(row.cap)}`,
      ci(row.homogeneous),
      ci(row.cohorts),
      ...later(row),
      String(row.seeds),
    ]),
  ]);
}

/**
 * The W sweep with the hostile shifts.
 *
 * @example
 * console.log(weightTable(keys));
 */
export function weightTable(keys: InProcessCrowdKeys): string {
  return table([
    [
      'W',
      'homogeneous @100',
      '4-cohort @100',
      'one client',
      'max ids/h (≤ 1 pt)',
      '500 ids',
      'seeds',
    ],
    ...keys.weight_sweep.map((row) => [
      wLabel(row.max_weight_per_client),
      ci(row.homogeneous),
      ci(row.cohorts),
      `${row.single_client_shift_pts.toFixed(3)} pts`,
      row.max_ids_per_hour === null ? 'no limit' : String(row.max_ids_per_hour),
      row.max_ids_per_hour === 0
        ? '– (one id is too many)'
        : `${row.sybil_shift_pts.toFixed(3)} pts`,
      String(row.seeds),
    ]),
  ]);
}

/**
 * The variants of the defaults.
 *
 * @example
 * console.log(variantTable(keys));
 */
export function variantTable(keys: InProcessCrowdKeys): string {
  return table([
    ['variant', 'homogeneous @100', '4-cohort @100', ...laterHeader(keys.default_ratios)],
    ...keys.variants.map((v) => [
      v.label,
      ci(v.homogeneous),
      ci(v.cohorts),
      ...later(v),
      String(v.seeds),
    ]),
  ]);
}

const kappaCell = (p: KappaPoint) =>
  `${figure(p.median)} [${figure(p.min)}, ${figure(p.max)}] ${Object.entries(p.sources)
    .map(([source, n]) => `${source} ${n}`)
    .join(', ')}` +
  (p.items_with_own_kappa > 0
    ? `; ${items(p.items_with_own_kappa)} own κ, lowest ${p.lowest_item_kappa === null ? '–' : figure(p.lowest_item_kappa)}`
    : '');

/**
 * κ at each cohort's arrival in both worlds.
 *
 * @example
 * console.log(kappaTable(keys.kappa_over_time));
 */
export function kappaTable(points: {
  readonly homogeneous: readonly KappaPoint[];
  readonly cohorts: readonly KappaPoint[];
}): string {
  return table([
    ['arrival', 'users so far', 'homogeneous world', '4-cohort world'],
    ...points.homogeneous.map((p, i) => [
      `cohort ${p.cohort} (round ${figure(p.round)})`,
      figure(p.users),
      kappaCell(p),
      points.cohorts[i] === undefined ? '' : kappaCell(points.cohorts[i]!),
    ]),
  ]);
}

/**
 * The fixed-exposure check of the κ estimator, both worlds.
 *
 * @example
 * console.log(fixedExposureTable(keys.kappa_fixed_exposure));
 */
export function fixedExposureTable(check: InProcessCrowdKeys['kappa_fixed_exposure']): string {
  const cell = (e: FixedExposureKappa) =>
    `${figure(e.kappa)} ${e.source}${e.items_with_own_kappa > 0 ? `, ${items(e.items_with_own_kappa)} own κ` : ''}`;
  return table([
    ['impressions per user and item', 'homogeneous world', '4-cohort world'],
    ['(κ the users imply)', figure(check.homogeneous.implied), figure(check.cohorts.implied)],
    ...check.homogeneous.estimates.map((e, i) => [
      figure(e.per_item),
      cell(e),
      check.cohorts.estimates[i] === undefined ? '' : cell(check.cohorts.estimates[i]!),
    ]),
  ]);
}
