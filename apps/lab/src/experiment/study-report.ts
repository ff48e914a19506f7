import { figure, percent, table } from '../format.ts';
import type { StudyKeys, StudyPlan } from './study-plan.ts';
import type { MedianKey, ShareKey } from './study-summary.ts';

const rate = (s: ShareKey) =>
  `${percent(s.value, 1)} [${percent(s.ci[0], 1)}, ${percent(s.ci[1], 1)}]`;
const ofRuns = (s: ShareKey) => `${s.count} of ${s.runs}`;
const users = (x: number | null, horizon: number) =>
  x === null ? `> ${figure(horizon)}` : figure(x);
const median = (m: MedianKey, horizon: number) =>
  `${users(m.value, horizon)} [${users(m.ci[0], horizon)}, ${users(m.ci[1], horizon)}]`;

/**
 * The in-process studies as the lab prints them: one table per study, and the lines that
 * say what was asked of them.
 *
 * @example
 * for (const line of studyReport(plan, keys)) console.log(line);
 */
export function studyReport(plan: StudyPlan, keys: StudyKeys): string[] {
  const { aa, ab, srm } = keys;
  const looks = Math.ceil(plan.horizon / plan.batch);
  const stopRow = (label: string, k: StudyKeys['ab'] | StudyKeys['ab']['interval_rule_alone']) => [
    label,
    median(k, plan.abHorizon),
    median(k.median_among_correct, plan.abHorizon),
    `${ofRuns(k.wrong_stop_rate)}, ${rate(k.wrong_stop_rate)}`,
    `${ofRuns(k.never_stopped_rate)}, ${rate(k.never_stopped_rate)}`,
  ];
  const reasons = Object.entries(ab.stops_by_reason)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return [
    `1. A/A with continuous peeking: ${figure(plan.runs)} experiments of ${figure(plan.horizon)} users, both arms converting ${percent(plan.rate, 0)}, ` +
      `a look every ${figure(plan.batch)} users (${looks} looks; counted once both arms have ${plan.minUsers} users)\n`,
    table([
      [
        'rule, checked at every look',
        'runs that ever rejected',
        'false-positive rate [95% Wilson]',
      ],
      [
        `confidence sequence excludes 0 (α = ${plan.alpha})`,
        ofRuns(aa.sequence),
        rate(aa.sequence),
      ],
      [`fixed-horizon z-test p < ${plan.alpha} (naive)`, ofRuns(aa.naive), rate(aa.naive)],
      [
        `SRM p < ${plan.srmThreshold} (nothing dropped)`,
        ofRuns(aa.srm_false_alarms.peeking),
        rate(aa.srm_false_alarms.peeking),
      ],
      [
        `SRM p < ${plan.srmThreshold} at the horizon only`,
        ofRuns(aa.srm_false_alarms.at_horizon),
        rate(aa.srm_false_alarms.at_horizon),
      ],
    ]),
    `Target: confidence sequence ≤ ${percent(plan.alpha, 0)} → ${aa.value <= plan.alpha ? 'met' : 'MISSED'} (${percent(aa.value, 1)}); ` +
      `the naive test peeked at ${looks} times: ${percent(aa.naive_value, 1)}.\n`,
    `2. A/B with a true +${figure(plan.lift * 100)}% relative lift (${percent(plan.rate, 0)} → ${percent(plan.rate * (1 + plan.lift), 0)}): ` +
      `${figure(plan.runs)} experiments up to ${figure(plan.abHorizon)} users, a look every ${figure(plan.batch)}\n`,
    table([
      [
        'stop rule, checked at every look',
        'median users to a correct stop [95%]',
        'median of correct stops [95%]',
        'stopped wrongly',
        'never stopped',
      ],
      stopRow(`stopRecommendation (defaults, α = ${plan.alpha})`, ab),
      stopRow('its interval rule alone', ab.interval_rule_alone),
    ]),
    `stopRecommendation's stops by reason: ${reasons || 'none'}. A run that stopped wrongly or never counts as never reaching a correct stop (∞); the interval is the order-statistic one.\n`,
    `3. SRM: ${figure(plan.runs)} A/A experiments of ${figure(plan.horizon)} users whose logging drops ${percent(plan.drop, 0)} of the variant's exposures\n`,
    table([
      [
        'check',
        'runs flagged',
        'detection rate [95% Wilson]',
        'median users to the first flag [95%]',
      ],
      [
        `SRM p < ${plan.srmThreshold} at the horizon (≥ ${plan.srmMinUsers} users per arm)`,
        ofRuns(srm.detected),
        rate(srm.detected),
        median(srm.median_users_to_detection, plan.horizon),
      ],
    ]),
    `Target: detection ≥ 95% → ${srm.value >= 0.95 ? 'met' : 'MISSED'} (${percent(srm.value, 1)}).\n`,
  ];
}
