import { barChart } from '../charts/bar-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { figure, percent, table } from '../format.ts';
import { attributionLines } from '../obd/obd-attribution.ts';
import { type Estimate, overlaps } from '../stats.ts';
import type { VariantEstimates } from './replay-study.ts';

/** A logged policy's own click-through rate. */
export interface LoggedRate {
  readonly label: string;
  readonly rate: Estimate;
  readonly clicks: number;
  readonly rows: number;
}

const ci = (e: Estimate) =>
  Number.isNaN(e.value) ? 'n/a' : `${percent(e.value)} [${percent(e.low)}, ${percent(e.high)}]`;

/**
 * The estimates table: per policy, replay (with the rows it accepted), IPS and SNIPS with
 * their 95% intervals, then the logged policies' own CTRs.
 *
 * @example
 * console.log(replayTable(results, logged));
 */
export function replayTable(
  results: readonly VariantEstimates[],
  logged: readonly LoggedRate[],
): string {
  const rows: string[][] = [
    ['policy', 'replay CTR [95% CI]', 'rows used', 'clicks', 'IPS [95% CI]', 'SNIPS [95% CI]'],
  ];
  for (const r of results) {
    rows.push([
      r.variant.label,
      ci(r.replay),
      figure(r.matched),
      figure(r.clicks),
      ci(r.ips),
      ci(r.snips),
    ]);
  }
  for (const l of logged)
    rows.push([l.label, ci(l.rate), figure(l.rows), figure(l.clicks), '', '']);
  return table(rows);
}

/**
 * Rows of a replay pass needed to tell CTR `a` from CTR `b` at 95% confidence with 80%
 * power (two-proportion z-test, equal groups), for a policy matching one row in `items`;
 * null when `a` equals `b`, since no number of rows separates two equal rates.
 *
 * @example
 * replayRowsToSeparate(0.0046, 0.0069, 34); // ≈ 580,000 logged rows
 * replayRowsToSeparate(0.0046, 0.0046, 34); // null
 */
export function replayRowsToSeparate(a: number, b: number, items: number): number | null {
  if (a === b) return null;
  const z = 1.959964 + 0.841621;
  const perGroup = (z * z * (a * (1 - a) + b * (1 - b))) / ((a - b) * (a - b));
  return Math.ceil(perGroup * items);
}

/**
 * Says in plain words which estimates the sample can and cannot tell apart: every pair of
 * 95% intervals (replay and IPS for the policies, Wilson for the logged CTRs) is checked.
 *
 * @example
 * console.log(separationVerdict(results, logged, 34, 10_000).join('\n'));
 */
export function separationVerdict(
  results: readonly VariantEstimates[],
  logged: readonly LoggedRate[],
  items: number,
  rows: number,
): string[] {
  const named = [
    ...results.flatMap((r) => [
      { label: `${r.variant.label} (replay)`, e: r.replay },
      { label: `${r.variant.label} (IPS)`, e: r.ips },
    ]),
    ...logged.map((l) => ({ label: l.label, e: l.rate })),
  ].filter((x) => !Number.isNaN(x.e.value));
  const separated: string[] = [];
  let pairs = 0;
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      pairs += 1;
      if (!overlaps(named[i]!.e, named[j]!.e))
        separated.push(`${named[i]!.label} vs ${named[j]!.label}`);
    }
  }
  const lines: string[] = [];
  const matched =
    results.length > 0 ? results.reduce((s, r) => s + r.matched, 0) / results.length : 0;
  if (separated.length === 0) {
    lines.push(
      `The sample is too small to separate these policies: all ${pairs} pairs of 95% intervals overlap. ` +
        `Replay keeps about ${figure(matched)} of the ${figure(rows)} rows (1 in ${items}), i.e. a handful of clicks per pass.`,
    );
  } else {
    lines.push(`Separated (non-overlapping 95% intervals): ${separated.join('; ')}.`);
    lines.push(
      `All other ${pairs - separated.length} pairs overlap: the sample cannot order them.`,
    );
  }
  const random = logged.find((l) => /random/i.test(l.label));
  const bts = logged.find((l) => /bts|thompson/i.test(l.label));
  if (random !== undefined && bts !== undefined) {
    const needed = replayRowsToSeparate(random.rate.value, bts.rate.value, items);
    lines.push(
      needed === null
        ? `The two logged policies' CTRs are equal in this sample (${percent(random.rate.value)}, ${figure(random.clicks)} clicks in ${figure(random.rows)} ` +
            `and ${figure(bts.clicks)} in ${figure(bts.rows)}): it shows no difference to size a replay for, and no number of rows separates two equal CTRs.`
        : `To tell a ${percent(random.rate.value)} CTR from ${percent(bts.rate.value)} by replay at 95% confidence and 80% power ` +
            `needs about ${figure(needed)} uniformly random rows per policy; this sample has ${figure(rows)}.`,
    );
  }
  return lines;
}

/**
 * Bars of every estimate with its interval, titled with the campaign and under the
 * attribution of the sample read.
 *
 * @example
 * writeFileSync('replay.svg', await replayChart(results, logged, sample));
 */
export async function replayChart(
  results: readonly VariantEstimates[],
  logged: readonly LoggedRate[],
  sample: { readonly title: string; readonly attribution: string },
): Promise<string> {
  const bars = results.flatMap((r) =>
    (['replay', 'ips', 'snips'] as const).map((k) => ({
      group: r.variant.id,
      series: k === 'replay' ? 'replay' : k === 'ips' ? 'IPS' : 'SNIPS',
      value: r[k].value * 100,
      low: r[k].low * 100,
      high: r[k].high * 100,
    })),
  );
  for (const l of logged) {
    bars.push({
      group: l.label.split(' ')[0]!,
      series: 'logged CTR',
      value: l.rate.value * 100,
      low: l.rate.low * 100,
      high: l.rate.high * 100,
    });
  }
  return renderSvg(
    barChart({
      title: `Offline estimates of CTR on the OBD "${sample.title}" sample (95% intervals)`,
      subtitle: attributionLines(sample.attribution),
      yTitle: 'CTR (%)',
      bars,
      width: 640,
    }),
  );
}
