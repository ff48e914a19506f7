import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { figure, percent } from '../format.ts';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import { day, markdownTable } from './markdown.ts';
import { readJson } from './read-json.ts';
import type { MetricsResult, ReplayResult, SimulateResult } from './result-types.ts';

/**
 * The lab's learning results for BENCHMARKS.md — regret and the Lai–Robbins ratio, newcomers
 * with community priors, offline evaluation on the OBD sample, diversity controls — from the
 * JSON the lab's commands wrote into `labDir`, each with its own date.
 *
 * @example
 * lines.push(...labSections('bench/results/lab', (p) => p));
 */
export function labSections(labDir: string, link: (path: string) => string): string[] {
  const simulate = readJson<SimulateResult>(join(labDir, 'simulate.json'));
  const replay = readJson<ReplayResult>(join(labDir, 'replay.json'));
  const metrics = readJson<MetricsResult>(join(labDir, 'metrics.json'));
  const svg = (name: string, alt: string) =>
    existsSync(join(labDir, name)) ? [`![${alt}](${link(join(labDir, name))})`, ''] : [];
  const repo = relative(REPO_ROOT, labDir);
  const lines: string[] = [
    '## Learning quality (the lab)',
    '',
    "These come from the lab's own commands, which take longer than a benchmark run; `npm run bench` does not rerun them but " +
      `reports what \`${repo}\` holds. Regenerate with \`npm run lab -- simulate --out ${repo}\` (about 10 minutes on 2 cores), ` +
      `\`npm run lab -- replay --out ${repo}\` and \`npm run lab -- metrics --out ${repo}\`.`,
    '',
  ];
  if (simulate === null && replay === null && metrics === null) {
    lines.push(`Not available: no lab results in \`${repo}\` yet.`, '');
    return lines;
  }
  if (simulate !== null) {
    lines.push(`### Regret and community priors (simulate, ${day(simulate.date)})`, '');
    lines.push('```', ...simulate.acceptance, '```', '');
    if (simulate.regret !== undefined) {
      const policies = simulate.regret[0]?.policies.map((p) => p.policy) ?? [];
      lines.push(
        `Mean pseudo-regret at T = ${figure(simulate.options.horizon)} over ${simulate.options.seeds} seeds, and Thompson sampling's regret per decade of T ` +
          '(last decade) divided by the Lai–Robbins rate C_LR·ln 10. The bound is asymptotic: a ratio below 1 at finite T does not beat it.',
        '',
        markdownTable(
          ['environment', 'C_LR', ...policies.map((p) => `${p} R(T)`), 'TS slope ratio [95% CI]'],
          simulate.regret.map((env) => {
            const last = env.checkpoints.length - 1;
            const ts = env.policies.find((p) => p.policy === 'thompson');
            return [
              env.label,
              figure(env.laiRobbins, 4),
              ...env.policies.map((p) => figure(p.mean[last]!, 4)),
              ts === undefined
                ? ''
                : `${ts.slopeRatio.value.toFixed(2)} [${ts.slopeRatio.low.toFixed(2)}, ${ts.slopeRatio.high.toFixed(2)}]`,
            ];
          }),
        ),
        '',
      );
      for (const env of simulate.regret)
        lines.push(...svg(`regret-${env.id}.svg`, `Regret, ${env.label}`));
    }
    lines.push(...longHorizon(join(labDir, 'long'), link));
    const c = simulate.community;
    if (c !== undefined) {
      lines.push(
        `Newcomers on the OBD-like catalog (κ = ${figure(c.concentration)}, ${c.seeds} seeds): cumulative regret over their first decisions.`,
        '',
        markdownTable(
          ['', ...c.checkpoints.map((t) => `first ${figure(t)}`)],
          [
            ['alone, Beta(1,1)', ...c.alone.regret.map((e) => figure(e.value))],
            [
              `community priors, cap ${figure(c.headline.strength ?? 0)}`,
              ...c.headline.regret.map((e) => figure(e.value)),
            ],
            ['gain', ...c.gain.map((e) => `${e.value.toFixed(2)}×`)],
          ],
        ),
        '',
        ...svg('community-newcomers.svg', 'Newcomers alone vs with priors'),
        ...svg('community-prior-strength.svg', 'Prior strength sweep'),
      );
    }
  }
  if (replay !== null) {
    const ci = (e: { value: number; low: number; high: number }) =>
      `${percent(e.value)} [${percent(e.low)}, ${percent(e.high)}]`;
    lines.push(
      `### Offline evaluation on the Open Bandit Dataset (replay, ${day(replay.date)})`,
      '',
      ...(replay.data?.attribution === undefined ? [] : [`Data: ${replay.data.attribution}`, '']),
      markdownTable(
        ['policy', 'replay CTR', 'IPS', 'SNIPS'],
        [
          ...replay.results.map((r) => [r.variant.label, ci(r.replay), ci(r.ips), ci(r.snips)]),
          ...replay.logged.map((l) => [l.label, ci(l.rate), '', '']),
        ],
      ),
      '',
      ...replay.verdict.map((v) => `${v}\n`),
      ...svg('replay.svg', 'Offline estimates'),
    );
  }
  if (metrics !== null) {
    lines.push(
      `### Diversity controls on the film catalog (metrics, ${day(metrics.date)})`,
      '',
      markdownTable(
        [
          'setting',
          `P@${metrics.options.k}`,
          'like rate',
          'ILD',
          'novelty',
          'long tail',
          'coverage',
          'Gini',
        ],
        metrics.rows.map((r) => [
          r.config.label,
          r.precision.toFixed(3),
          percent(r.likeRate, 1),
          r.intraListDiversity.toFixed(3),
          figure(r.novelty, 4),
          percent(r.longTailShare, 1),
          percent(r.coverage, 1),
          r.gini.toFixed(3),
        ]),
      ),
      '',
      ...svg('metrics.svg', 'Diversity controls'),
    );
  }
  return lines;
}

/**
 * Runs past the default horizon, one environment each (`simulate --envs <id> --policies
 * thompson --parts regret --horizon 1e7 --out <labDir>/long`, renamed
 * `simulate-<env>-<T>.json`): whether a slope ratio above 1 at T = 1e6 was the horizon.
 */
function longHorizon(dir: string, link: (path: string) => string): string[] {
  if (!existsSync(dir)) return [];
  const runs = readdirSync(dir)
    .filter((name) => name.startsWith('simulate-') && name.endsWith('.json'))
    .map((name) => readJson<SimulateResult>(join(dir, name)))
    .filter((run): run is SimulateResult => run !== null);
  const rows = runs.flatMap((run) =>
    (run.regret ?? []).flatMap((env) => {
      const ts = env.policies.find((p) => p.policy === 'thompson');
      if (ts === undefined) return [];
      const last = env.checkpoints.length - 1;
      return [
        [
          env.label,
          figure(run.options.horizon),
          String(run.options.seeds),
          figure(ts.mean[last]!, 4),
          `${ts.slopeRatio.value.toFixed(3)} [${ts.slopeRatio.low.toFixed(3)}, ${ts.slopeRatio.high.toFixed(3)}]`,
          day(run.date),
        ],
      ];
    }),
  );
  if (rows.length === 0) return [];
  const lines = [
    'Longer horizons: the slope over the last decade (T/10 → T) against C_LR·ln 10 once T is large enough for the bound to apply.',
    '',
    markdownTable(['environment', 'T', 'seeds', 'TS R(T)', 'TS slope ratio [95% CI]', 'run'], rows),
    '',
  ];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.svg'))) {
    lines.push(`![Regret, ${name.replace(/\.svg$/, '')}](${link(join(dir, name))})`, '');
  }
  return lines;
}
