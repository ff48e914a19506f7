import { markdownTable } from '../bench/markdown.ts';
import { type SectionContext, section } from '../bench/section-context.ts';
import { figure, withInterval } from '../format.ts';
import type { Estimate } from '../stats.ts';
import type { InProcessCrowdKeys, KappaPoint } from './crowd-result.ts';
import type { CrowdJson } from './crowd-rows.ts';
import type { FixedExposureKappa } from './kappa-check.ts';

const ci = (e: Estimate | null | undefined) =>
  e === null || e === undefined ? '–' : withInterval(e);
const items = (n: number) => `${figure(n, 2)} item${n === 1 ? '' : 's'}`;
const wLabel = (w: number | null) => (w === null ? '∞' : figure(w));
const pts = (x: number) => `${x.toFixed(3)} pts`;

/** Keys the in-process study writes; anything else in crowd.json came from another producer. */
const IN_PROCESS_KEYS = new Set<string>([
  'newcomer_regret_ratio_default',
  'cohort_regret_ratio_default',
  'default_ratios',
  'best_fixed_cap_ratio',
  'fixed_cap_sweep',
  'weight_sweep',
  'variants',
  'chosen_bounds',
  'kappa_over_time',
  'kappa_fixed_exposure',
  'newcomer_regret',
  'crowd_study',
]);
const META_KEYS = new Set(['date', 'quick', 'seconds', 'acceptance']);

const kappaCell = (p: KappaPoint | undefined) =>
  p === undefined
    ? ''
    : `${figure(p.median)} [${figure(p.min)}, ${figure(p.max)}], ${Object.entries(p.sources)
        .map(([source, n]) => `${source} ${n}`)
        .join(', ')}` +
      (p.items_with_own_kappa > 0
        ? `; ${items(p.items_with_own_kappa)} with their own κ (lowest ${p.lowest_item_kappa === null ? '–' : figure(p.lowest_item_kappa)})`
        : '');

/**
 * The BENCHMARKS.md section of crowd.json: the acceptance lines, the fixed-cap sweep against
 * the learned κ (table and chart), the W sweep with the hostile shifts, the variants, the κ
 * published over time, and any rows other producers added.
 *
 * @example
 * lines.push(...crowdSection(context));
 */
export function crowdSection(ctx: SectionContext): string[] {
  const crowd = ctx.json<CrowdJson & Partial<InProcessCrowdKeys>>('crowd.json');
  return section('Community priors you can trust (crowd)', () => {
    if (crowd === null) return ['Not available: bench/results/crowd.json is missing.', ''];
    const lines = [
      ...ctx.stale('crowd', crowd.date),
      '`npm run lab -- bench --only crowd` (`apps/lab/src/crowd/`): newcomers learning alone and with community priors merged as the wave-2 edge merges them ' +
        "— each user's evidence bounded to W per item, κ learned from the users' per-item sums with core's `decisionKappa` — on the lab's homogeneous " +
        `OBD-like world (${worldText(crowd.crowd_study?.worlds.homogeneous)}) and its 4-cohort world (the same arrivals; four taste cohorts ` +
        'whose favourite items differ, each a permutation of the OBD-like rates). Ratio = regret alone ÷ with priors, per seed, mean [95% CI]. ' +
        `Run in ${figure(crowd.seconds)} s${crowd.quick ? ', quick mode' : ''}; see apps/lab/README.md.`,
      '',
      '```',
      ...crowd.acceptance,
      '```',
      '',
    ];
    const d = crowd.default_ratios;
    const h = crowd.newcomer_regret_ratio_default;
    const c = crowd.cohort_regret_ratio_default;
    if (h !== undefined && c !== undefined && d !== undefined) {
      lines.push(
        markdownTable(
          [
            'prior strength',
            'homogeneous, first 100',
            '4-cohort, first 100',
            'homogeneous, first 1,000',
            '4-cohort, first 1,000',
            'seeds',
          ],
          [
            [
              `learned κ, defaults (${h.config})`,
              ci(h),
              ci(c),
              ci(d.homogeneous_1000),
              ci(d.cohorts_1000),
              String(h.seeds),
            ],
            ...(crowd.fixed_cap_sweep ?? []).map((row) => [
              `fixed cap ${figure(row.cap)}, unbounded totals`,
              ci(row.homogeneous),
              ci(row.cohorts),
              ci(row.homogeneous_1000),
              ci(row.cohorts_1000),
              String(row.seeds),
            ]),
          ],
        ),
        '',
        ...ctx.chart('crowd-caps', 'Fixed caps vs the learned κ'),
      );
    }
    if (crowd.weight_sweep !== undefined) {
      lines.push(
        'The per-client bound W (learned κ, every other option at its default), and how far hostile clients move a mature arm ' +
          '(2,000 events at 50% from honest clients each within W): one client sending W successes, and 500 identities from one address ' +
          'of which the issuance limit lets L per hour through, each sending W (∞: the edge before wave 2, 100 per client and hour, no issuance limit).',
        '',
        markdownTable(
          [
            'W',
            'homogeneous, first 100',
            '4-cohort, first 100',
            'one hostile client',
            'L (most ids/hour for ≤ 1 pt)',
            '500 identities',
            'seeds',
          ],
          crowd.weight_sweep.map((row) => [
            wLabel(row.max_weight_per_client),
            ci(row.homogeneous),
            ci(row.cohorts),
            pts(row.single_client_shift_pts),
            row.max_ids_per_hour === null ? 'no limit' : String(row.max_ids_per_hour),
            row.max_ids_per_hour === 0 ? '– (one id is too many)' : pts(row.sybil_shift_pts),
            String(row.seeds),
          ]),
        ),
        '',
      );
    }
    if (crowd.variants !== undefined) {
      lines.push(
        markdownTable(
          [
            'variant',
            'homogeneous, first 100',
            '4-cohort, first 100',
            'homogeneous, first 1,000',
            '4-cohort, first 1,000',
            'seeds',
          ],
          crowd.variants.map((v) => [
            v.label,
            ci(v.homogeneous),
            ci(v.cohorts),
            ci(v.homogeneous_1000),
            ci(v.cohorts_1000),
            String(v.seeds),
          ]),
        ),
        '',
      );
    }
    const kappa = (title: string, points: InProcessCrowdKeys['kappa_over_time'] | undefined) =>
      points === undefined
        ? []
        : [
            title,
            '',
            markdownTable(
              ['arrival', 'users so far', 'homogeneous world', '4-cohort world'],
              points.homogeneous.map((p, i) => [
                `cohort ${p.cohort} (round ${figure(p.round)})`,
                figure(p.users),
                kappaCell(p),
                kappaCell(points.cohorts[i]),
              ]),
              ['left', 'right', 'left', 'left'],
            ),
            '',
          ];
    lines.push(
      ...kappa(
        'κ the edge would publish when each cohort arrives, with the defaults: median [min, max] over seeds, the seeds per source, and the items given a κ of their own.',
        crowd.kappa_over_time,
      ),
    );
    const check = crowd.kappa_fixed_exposure;
    if (check !== undefined) {
      const cell = (e: FixedExposureKappa | undefined) =>
        e === undefined
          ? ''
          : `${figure(e.kappa)} (${e.source}${e.items_with_own_kappa > 0 ? `, ${items(e.items_with_own_kappa)} with their own κ` : ''})`;
      lines.push(
        'The same estimator on the same users if each had seen every item n times, whatever they clicked (Thompson sampling instead shows more of what a user clicked, which the moment estimator does not allow for):',
        '',
        markdownTable(
          ['impressions per user and item', 'homogeneous world', '4-cohort world'],
          [
            ['κ the users imply', figure(check.homogeneous.implied), figure(check.cohorts.implied)],
            ...check.homogeneous.estimates.map((e, i) => [
              figure(e.per_item),
              cell(e),
              cell(check.cohorts.estimates[i]),
            ]),
          ],
        ),
        '',
      );
    }
    const others = Object.entries(crowd).filter(
      ([key]) => !IN_PROCESS_KEYS.has(key) && !META_KEYS.has(key),
    );
    if (others.length > 0) {
      lines.push(
        markdownTable(
          ['other rows', 'value'],
          others.map(([key, value]) => [`\`${key}\``, summary(value)]),
          ['left', 'left'],
        ),
        '',
      );
    }
    return lines;
  });
}

function worldText(w: Readonly<Record<string, unknown>> | undefined): string {
  if (w === undefined) return 'see crowd.json';
  const n = (key: string) => figure(Number(w[key]));
  return `${n('cohorts')} cohorts × ${n('users_per_cohort')} users arriving every ${n('arrival_gap')} rounds, κ = ${n('concentration')}`;
}

function summary(value: unknown): string {
  if (typeof value === 'number') return figure(value);
  if (typeof value === 'object' && value !== null && 'value' in value) {
    const v = value as { value: unknown; low?: unknown; high?: unknown };
    if (typeof v.value === 'number' && typeof v.low === 'number' && typeof v.high === 'number')
      return withInterval({ value: v.value, low: v.low, high: v.high });
    if (typeof v.value === 'number') return figure(v.value);
  }
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
