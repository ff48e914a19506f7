import { barChart } from '../charts/bar-chart.ts';
import { renderSvg } from '../charts/render-svg.ts';
import { parseCommandArgs, positiveInteger } from '../cli-args.ts';
import { figure, percent, table } from '../format.ts';
import {
  type DiversityRow,
  diversityConfigs,
  runDiversityStudy,
} from '../metrics/diversity-study.ts';
import { loadFilms, moviesJsonPath } from '../metrics/films.ts';
import { outputDir, toJson } from '../output-dir.ts';
import { createProgress } from '../progress.ts';
import type { Command } from './command.ts';

const usage = `npm run lab -- metrics [options]

Applies core's ranking and diversity metrics (Precision@K, Recall@K, NDCG@K, MRR,
intra-list diversity, coverage, Gini of exposure, novelty, serendipity) to the engine's
rank output on the demo's film catalog (vega-datasets movies.json) for simulated visitors,
under each diversity control: popularity dampening, caps, MMR, the long-tail boost.

  --users <n>    simulated visitors per setting (default 200)
  --rounds <n>   feeds per visitor, with likes fed back in between (default 5)
  --k <n>        feed length (default 20)
  --seed <n>     first seed (default 1)
  --out <dir>    output folder (default lab-results/)
`;

function metricsTable(rows: readonly DiversityRow[], k: number): string {
  return table([
    [
      'setting',
      `P@${k}`,
      `R@${k}`,
      `NDCG@${k}`,
      'MRR',
      'like rate',
      'ILD',
      'novelty',
      'long tail',
      'serendipity',
      'coverage',
      'Gini',
    ],
    ...rows.map((r) => [
      r.config.label,
      r.precision.toFixed(3),
      r.recall.toFixed(4),
      r.ndcg.toFixed(3),
      r.mrr.toFixed(3),
      percent(r.likeRate, 1),
      r.intraListDiversity.toFixed(3),
      figure(r.novelty, 4),
      percent(r.longTailShare, 1),
      r.serendipity.toFixed(3),
      percent(r.coverage, 1),
      r.gini.toFixed(3),
    ]),
  ]);
}

/** `metrics`: the diversity controls' effect on ranking and diversity metrics. */
export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'ranking and diversity metrics of rank() under each diversity control',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('metrics', args, {
      users: { type: 'string' },
      rounds: { type: 'string' },
      k: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const users = positiveInteger('--users', values.users, 200);
    const rounds = positiveInteger('--rounds', values.rounds, 5);
    const k = positiveInteger('--k', values.k, 20);
    const seed = positiveInteger('--seed', values.seed, 1);
    const out = outputDir(values.out);
    const films = loadFilms();
    const votes = films.map((f) => f.popularity).sort((a, b) => a - b);
    const median = votes[votes.length >> 1]!;
    const configs = diversityConfigs(median);
    const progress = createProgress('metrics', users * configs.length);
    const started = performance.now();
    const rows = runDiversityStudy({ films, configs, users, rounds, k, seed, progress });
    progress.stop();
    console.log(
      `Catalog: ${figure(films.length)} films from vega-datasets movies.json (${moviesJsonPath()}); popularity = IMDB votes (median ${figure(median)}).\n` +
        `${users} simulated visitors × ${rounds} feeds of ${k}; each starts from crowd priors (exposure ∝ votes, like share (rating/10)³)\n` +
        'and likes films of two favourite genres and good ratings; relevant = like probability ≥ 1/2; long tail = outside the\n' +
        `most-voted 20%; serendipity's "expected" = the ${k} most-voted films. Per-feed metrics are means over all feeds.\n`,
    );
    console.log(metricsTable(rows, k));
    const none = rows.find((r) => r.config.id === 'none')!;
    console.log('');
    for (const r of rows.filter((row) => row.config.id !== 'none')) {
      console.log(
        `${r.config.label}: long-tail share ${percent(none.longTailShare, 1)} → ${percent(r.longTailShare, 1)}, ` +
          `Gini ${none.gini.toFixed(3)} → ${r.gini.toFixed(3)}, ILD ${none.intraListDiversity.toFixed(3)} → ${r.intraListDiversity.toFixed(3)}, ` +
          `P@${k} ${none.precision.toFixed(3)} → ${r.precision.toFixed(3)}, like rate ${percent(none.likeRate, 1)} → ${percent(r.likeRate, 1)}`,
      );
    }
    const chartRows = rows.flatMap((r) =>
      (
        [
          [`P@${k}`, r.precision],
          ['like rate', r.likeRate],
          ['ILD', r.intraListDiversity],
          ['long-tail share', r.longTailShare],
          ['coverage', r.coverage],
          ['Gini', r.gini],
        ] as const
      ).map(([group, value]) => ({ group, series: r.config.label, value })),
    );
    out.write(
      'metrics.svg',
      await renderSvg(
        barChart({
          title: 'Diversity controls on the film catalog',
          subtitle: `${users} simulated visitors × ${rounds} feeds of ${k}; vega-datasets movies.json`,
          yTitle: 'value',
          bars: chartRows,
          width: 760,
        }),
      ),
    );
    out.write(
      'metrics.json',
      toJson({
        date: new Date().toISOString(),
        options: { users, rounds, k, seed },
        films: films.length,
        medianVotes: median,
        rows,
        seconds: (performance.now() - started) / 1000,
      }),
    );
    console.log(`\nwrote ${out.written.join(', ')}`);
  },
};
