import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { communityPrior, UNIFORM_PRIOR } from '@crowdbandit/core';
import { nonNegative, parseCommandArgs, positiveInteger } from '../cli-args.ts';
import { figure, percent } from '../format.ts';
import { LabError } from '../lab-error.ts';
import type { ObdLog } from '../obd/obd-log.ts';
import { DEFAULT_DATA_DIR, REPO_ROOT } from '../obd/obd-paths.ts';
import { readObdSample } from '../obd/obd-sample.ts';
import { outputDir, toJson } from '../output-dir.ts';
import { createProgress } from '../progress.ts';
import {
  type LoggedRate,
  replayChart,
  replayTable,
  separationVerdict,
} from '../replay/replay-report.ts';
import { runReplayStudy } from '../replay/replay-study.ts';
import type { ReplayVariant } from '../replay/replay-variant.ts';
import { wilsonInterval } from '../stats.ts';
import type { Command } from './command.ts';

const usage = `npm run lab -- replay [options]

Offline evaluation on an Open Bandit Dataset campaign sample (by default the "Men" sample
that ships with the lab): Li et al. (2010) replay on the uniformly random log, plus IPS and
self-normalised IPS, for our Thompson sampling (alone, and with priors from the production
Thompson-sampling log) and the baselines, with 95% bootstrap intervals; compared with the
on-policy CTR of the Thompson-sampling (bts) log (Wilson interval). Each CSV row (one item
in one of the 3 slots) is one logged decision among the campaign's items; positions are
pooled, so every estimate is a position-averaged CTR. The campaign and its item count are
read from --data: random/<campaign>/<campaign>.csv[.gz], bts/<campaign>/<campaign>.csv[.gz]
and item_context.csv[.gz] beside them.

  --quick                4 policy seeds and 40 bootstrap replicates
  --seeds <n>            policy seeds averaged into each point estimate (default 20)
  --bootstrap <n>        bootstrap replicates per interval (default 200)
  --prior-strength <n>   cap on the bts-log priors of "thompson+bts" (default 3000)
  --threads <n>          worker threads (default ${availableParallelism()})
  --data <dir>           OBD sample folder (default ${DEFAULT_DATA_DIR})
  --out <dir>            output folder (default lab-results/)
`;

function itemCounts(log: ObdLog): { s: number; f: number }[] {
  const counts = Array.from({ length: log.items }, () => ({ s: 0, f: 0 }));
  for (let r = 0; r < log.rows; r++) {
    const c = counts[log.item[r]!]!;
    if (log.click[r] === 1) c.s += 1;
    else c.f += 1;
  }
  return counts;
}

function loggedRate(label: string, log: ObdLog): LoggedRate {
  let clicks = 0;
  for (const c of log.click) clicks += c;
  return { label, rate: wilsonInterval(clicks, log.rows), clicks, rows: log.rows };
}

/** `replay`: offline evaluation on the OBD sample. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay / IPS / SNIPS on the Open Bandit Dataset sample, vs the on-policy CTR',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('replay', args, {
      quick: { type: 'boolean' },
      seeds: { type: 'string' },
      bootstrap: { type: 'string' },
      'prior-strength': { type: 'string' },
      threads: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const quick = values.quick === true;
    const seeds = positiveInteger('--seeds', values.seeds, quick ? 4 : 20);
    const bootstrap = positiveInteger('--bootstrap', values.bootstrap, quick ? 40 : 200);
    const strength = nonNegative('--prior-strength', values['prior-strength'], 3000);
    const threads = positiveInteger('--threads', values.threads, availableParallelism());
    const sample = await readObdSample(values.data ?? DEFAULT_DATA_DIR);
    const out = outputDir(values.out);
    const { random, bts, items } = sample;
    const uniform = random.propensity.every((p) => Math.abs(p - 1 / items) < 1e-9);
    if (!uniform) {
      throw new LabError(
        `${random.source}: replay needs a uniformly random log (propensity 1/${items})`,
      );
    }
    const file = (log: ObdLog) => relative(sample.files.dir, log.source);

    console.log(`Data: ${sample.attribution}`);
    console.log(
      `Sample: "${sample.title}" campaign in ${sample.files.dir}: ${items} items (${sample.itemContext === null ? 'largest item_id + 1' : relative(sample.files.dir, sample.itemContext)}); ` +
        `${figure(random.rows)} rows in ${file(random)}, ${figure(bts.rows)} in ${file(bts)}.\n`,
    );
    const byPosition = [1, 2, 3].map((slot) => {
      let n = 0;
      let c = 0;
      for (let r = 0; r < random.rows; r++) {
        if (random.position[r] === slot) {
          n += 1;
          c += random.click[r]!;
        }
      }
      return { slot, rows: n, clicks: c, rate: wilsonInterval(c, n) };
    });
    console.log(
      `Positions (random log): ${byPosition.map((p) => `slot ${p.slot} ${p.clicks}/${p.rows} = ${percent(p.rate.value)} [${percent(p.rate.low)}, ${percent(p.rate.high)}]`).join('; ')}.`,
    );
    console.log(
      'Every row is treated as one decision among all items, whatever its slot (the sample has no page ids to rebuild\n' +
        'the 3-item slates, and the slot CTRs overlap), so the estimates below are position-averaged CTRs.\n',
    );

    const counts = itemCounts(bts);
    const priors = counts.map(
      (c) => communityPrior(UNIFORM_PRIOR, c, { s: 0, f: 0 }, strength) ?? UNIFORM_PRIOR,
    );
    const variants: ReplayVariant[] = [
      { id: 'thompson', label: 'thompson (Beta(1,1))', policy: 'thompson' },
      {
        id: 'thompson+bts',
        label: `thompson, priors from bts log (cap ${figure(strength)})`,
        policy: 'thompson',
        priors: { alpha: priors.map((p) => p.alpha), beta: priors.map((p) => p.beta) },
      },
      { id: 'ucb1', label: 'ucb1', policy: 'ucb1' },
      { id: 'epsilon-greedy', label: 'epsilon-greedy (0.1)', policy: 'epsilon-greedy' },
      { id: 'random', label: 'random', policy: 'random' },
    ];
    const log = {
      items,
      item: random.item,
      click: random.click,
      propensity: random.propensity,
    };
    const total = variants.reduce(
      (s, v) => s + (v.policy === 'thompson' ? 20 : 1) * (seeds + bootstrap),
      0,
    );
    const progress = createProgress('replay', total);
    const started = performance.now();
    const results = await runReplayStudy({
      log,
      variants,
      seeds,
      bootstrap,
      firstSeed: 1,
      threads,
      progress,
    });
    progress.stop();
    const logged = [
      loggedRate(`random logging policy (${file(random)})`, random),
      loggedRate(`bts on-policy (Bernoulli TS in production, ${file(bts)})`, bts),
    ];
    console.log(
      `Estimates on ${figure(random.rows)} random-log rows: point = mean of ${seeds} policy seeds; ` +
        `95% CI = bootstrap percentile over ${bootstrap} resamples of the rows (policy reseeded each time); ` +
        'logged CTRs: Wilson score interval.\n',
    );
    console.log(replayTable(results, logged));
    console.log('');
    const verdict = separationVerdict(results, logged, items, random.rows);
    for (const line of verdict) console.log(line);
    console.log(
      '\nNote: "thompson, priors from bts log" learns from the production log of the same week (a different traffic split),\n' +
        'so it shows what community priors could bring, not an independent validation.',
    );
    out.write('replay.svg', await replayChart(results, logged, sample));
    out.write(
      'replay.json',
      toJson({
        date: new Date().toISOString(),
        data: {
          attribution: sample.attribution,
          campaign: sample.campaign,
          items,
          random: relative(REPO_ROOT, random.source),
          bts: relative(REPO_ROOT, bts.source),
          randomRows: random.rows,
          btsRows: bts.rows,
        },
        method: {
          rows: 'each CSV row is one logged decision among all items; positions pooled (position-averaged CTR)',
          replay:
            'Li, Chu, Langford & Wang (2010): keep rows where the policy picks the logged item; the policy learns only from those',
          ips: `policy action probabilities along the replay trajectory over the logging propensity (1/${items}); TS probabilities by Monte Carlo (500 draws)`,
          intervals: `bootstrap percentile, ${bootstrap} resamples (time order kept, policy reseeded); logged CTRs: Wilson`,
        },
        options: { seeds, bootstrap, priorStrength: strength },
        positions: byPosition,
        results,
        logged,
        verdict,
        seconds: (performance.now() - started) / 1000,
      }),
    );
    console.log(`\nwrote ${out.written.join(', ')}`);
  },
};
