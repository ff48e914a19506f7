import { figure, percent, table } from '../format.ts';
import type { AgreementRow, Analysis } from './edge-agreement.ts';
import type { RolloutOutcome } from './rollout.ts';

const interval = (s: Analysis['sequence']) =>
  `${figure(s.estimate, 3)} [${figure(s.lower, 3)}, ${figure(s.upper, 3)}]`;
const pair = (a: string, b: string) => (a === b ? `${a} = ${a}` : `${a} ≠ ${b}`);
const counts = (xs: readonly number[]) => xs.map((x) => figure(x)).join(' / ');
const pValue = (p: number | null) => (p === null ? 'not checked' : p.toPrecision(4));
const stop = (s: Analysis['stop']) => (s.stop ? `stop (${s.reason}, leader ${s.leader})` : 'go on');

/**
 * The agreement experiments as printed: each row the edge's figure beside the in-process
 * one (`=` when identical, `≠` otherwise; the last column says whether every number was).
 *
 * @example
 * console.log(agreementTable(rows));
 */
export function agreementTable(rows: readonly AgreementRow[]): string {
  return table([
    [
      'experiment',
      'exposed, edge = lab',
      'converted',
      'SRM p',
      'SRM flagged',
      'CS of p_variant − p_control',
      'stop recommendation',
      'assign ≠',
      'identical',
    ],
    ...rows.map((r) => [
      `${r.key}${r.srmInjected ? ' (10% of variant exposures dropped)' : ''}`,
      pair(counts(r.edge.exposed), counts(r.inProcess.exposed)),
      pair(counts(r.edge.converted), counts(r.inProcess.converted)),
      pair(pValue(r.edge.srmPValue), pValue(r.inProcess.srmPValue)),
      pair(String(r.edge.srmMismatch), String(r.inProcess.srmMismatch)),
      pair(interval(r.edge.sequence), interval(r.inProcess.sequence)),
      pair(stop(r.edge.stop), stop(r.inProcess.stop)),
      String(r.assignmentMismatches),
      r.identical ? 'yes' : r.agree ? `within ${r.maxRelativeDifference.toPrecision(2)}` : 'NO',
    ]),
  ]);
}

/** Likes per exposed visitor, learner ÷ baseline − 1, with a delta-method 95% interval. */
export function likesUplift(outcome: RolloutOutcome) {
  const [base, learner] = outcome.like.variations;
  const arm = (v: typeof base) => {
    const n = v!.exposed;
    const m = v!.valueSum / n;
    const variance = ((v!.valueSumSquares / n - m * m) * n) / (n - 1);
    return { n, mean: m, se2: variance / (n * m * m) };
  };
  const b = arm(base);
  const l = arm(learner);
  const log = Math.log(l.mean / b.mean);
  const half = 1.959963984540054 * Math.sqrt(b.se2 + l.se2);
  return {
    baseline: b.mean,
    learner: l.mean,
    relative: Math.exp(log) - 1,
    lower: Math.exp(log - half) - 1,
    upper: Math.exp(log + half) - 1,
    users: b.n + l.n,
  };
}

/**
 * Likes per visitor of each variation (and of visitors outside the coverage) by quarter of
 * arrival, from the lab's own record of the run: whether the learner gains as the crowd grows.
 *
 * @example
 * arrivalQuarters(outcome.sent); // [{ quarter: 1, baseline: 7.6, learner: 6.9, outside: 7.5 }, …]
 */
export function arrivalQuarters(sent: RolloutOutcome['sent']) {
  const n = sent.visitors.length;
  return [1, 2, 3, 4].map((quarter) => {
    const part = sent.visitors.slice(
      Math.floor(((quarter - 1) * n) / 4),
      Math.floor((quarter * n) / 4),
    );
    const mean = (variation: number) => {
      const xs = part.filter((p) => p.variation === variation);
      return xs.length === 0 ? null : xs.reduce((sum, p) => sum + p.likes, 0) / xs.length;
    };
    return { quarter, baseline: mean(0), learner: mean(1), outside: mean(-1) };
  });
}

/**
 * The rollout as printed: per variation what the edge counted, then the learner's uplift.
 *
 * @example
 * for (const line of rolloutReport(outcome, 5, 15)) console.log(line);
 */
export function rolloutReport(
  outcome: RolloutOutcome,
  engagedAt: number,
  rounds: number,
): string[] {
  const likes = likesUplift(outcome);
  const engaged = outcome.engaged.variations[1]!.versusControl!;
  const rows = outcome.results.variations.map((v, i) => {
    const like = outcome.like.variations[i]!;
    const e = outcome.engaged.variations[i]!;
    return [
      v.key,
      figure(v.exposed),
      `${figure(like.valuePerUser ?? Number.NaN)} (${percent((like.valuePerUser ?? 0) / rounds, 1)} of films shown)`,
      `${figure(e.converted)}, ${percent(e.rate ?? 0, 1)}`,
    ];
  });
  const pct = (x: number | null) =>
    x === null ? '∞' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return [
    table([
      [
        'variation (policy)',
        'visitors exposed',
        `likes per visitor of ${rounds} films`,
        `liked ≥ ${engagedAt} films`,
      ],
      ...rows,
    ]),
    `Visitors outside the 50% coverage: ${figure(outcome.sent.outside)} (the baseline, not counted).`,
    `Likes per visitor by quarter of arrival (the lab's record; baseline / learner): ${arrivalQuarters(
      outcome.sent,
    )
      .map(
        (q) =>
          `${q.quarter}: ${figure(q.baseline ?? Number.NaN)} / ${figure(q.learner ?? Number.NaN)}`,
      )
      .join(', ')}`,
    `Learner vs baseline, likes per visitor: ${pct(likes.relative)} [${pct(likes.lower)}, ${pct(likes.upper)}] ` +
      "(delta-method 95% interval from the edge's per-variation value sums and sums of squares)",
    `Learner vs baseline, visitors who liked ≥ ${engagedAt} (the edge's results): uplift ${pct(engaged.uplift.mean)} ` +
      `[${pct(engaged.uplift.lower)}, ${pct(engaged.uplift.upper)}] (95% credible), chance to beat the baseline ` +
      `${percent(engaged.chanceToBeatControl, 1)}, confidence sequence of the difference ` +
      `[${figure(engaged.confidenceSequence.lower)}, ${figure(engaged.confidenceSequence.upper)}]; ` +
      `stop recommendation: ${outcome.engaged.stop.stop ? `stop (${outcome.engaged.stop.reason}, leader ${outcome.engaged.stop.leader})` : 'go on'}`,
  ];
}
