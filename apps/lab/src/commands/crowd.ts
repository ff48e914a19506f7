import { availableParallelism } from 'node:os';
import { parseCommandArgs, positiveInteger } from '../cli-args.ts';
import { crowdChart } from '../crowd/crowd-chart.ts';
import { crowdProducers } from '../crowd/crowd-producers.ts';
import type { InProcessCrowdKeys } from '../crowd/crowd-result.ts';
import { collectCrowdRows } from '../crowd/crowd-rows.ts';
import { FULL_PLAN, QUICK_PLAN } from '../crowd/in-process-rows.ts';
import { figure } from '../format.ts';
import { DEFAULT_DATA_DIR } from '../obd/obd-paths.ts';
import { outputDir, toJson } from '../output-dir.ts';
import type { Command } from './command.ts';

const usage = `npm run lab -- crowd [options]

The crowd study (what \`npm run lab -- bench --only crowd\` runs into bench/results/crowd.json):
newcomers learning alone and with community priors merged as the wave-2 edge merges them —
each user's evidence bounded to W per item, κ learned from the users' per-item sums (core's
decisionKappa), the prior's strength min(S + F, κ) — on the lab's homogeneous OBD-like world
and its 4-cohort world. Sweeps fixed caps (the merge before wave 2) and W (with the shift one
hostile client and 500 identities cause on a mature arm), measures variants of the defaults,
and traces the κ the edge would publish. Writes crowd.json and crowd-caps.svg. About 10
minutes on 2 cores; --quick about 10 seconds.

  --quick              small worlds (4 cohorts × 50 users), few seeds, short sweeps
  --seeds <n>          seeds of alone, the defaults and the recommendation (default ${FULL_PLAN.seeds})
  --sweep-seeds <n>    seeds of the sweeps and the other variants (default ${FULL_PLAN.sweepSeeds})
  --horizon <n>        newcomers' decisions to play (default 100; 5000 plays users' whole stay)
  --seed <first>       first seed (default 1)
  --threads <n>        worker threads (default ${availableParallelism()})
  --data <dir>         OBD sample folder (default ${DEFAULT_DATA_DIR})
  --out <dir>          output folder (default lab-results/)
`;

/** `crowd`: the crowd study on its own, with its options. */
export const crowdCommand: Command = {
  name: 'crowd',
  summary: 'newcomers with a learned κ and bounded influence; fixed caps and W swept',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('crowd', args, {
      quick: { type: 'boolean' },
      seeds: { type: 'string' },
      'sweep-seeds': { type: 'string' },
      horizon: { type: 'string' },
      seed: { type: 'string' },
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
    const base = quick ? QUICK_PLAN : FULL_PLAN;
    const plan = {
      ...base,
      seeds: positiveInteger('--seeds', values.seeds, base.seeds),
      sweepSeeds: positiveInteger('--sweep-seeds', values['sweep-seeds'], base.sweepSeeds),
    };
    const out = outputDir(values.out);
    const producers = crowdProducers({
      plan,
      horizon: positiveInteger('--horizon', values.horizon, 100),
      firstSeed: positiveInteger('--seed', values.seed, 1),
    });
    const json = await collectCrowdRows(producers, {
      quick,
      dataDir: values.data ?? DEFAULT_DATA_DIR,
      threads: positiveInteger('--threads', values.threads, availableParallelism()),
      log: (line) => console.log(line),
    });
    out.write('crowd.json', toJson(json));
    out.write('crowd-caps.svg', await crowdChart(json as unknown as InProcessCrowdKeys));
    for (const line of json.acceptance) console.log(line);
    console.log(`\n${figure(json.seconds)} s; wrote ${out.written.join(', ')}`);
  },
};
