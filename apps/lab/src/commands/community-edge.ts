import { resolve } from 'node:path';
import { startLocalEdge } from '@crowdbandit/edge/local';
import { nonNegative, parseCommandArgs, positiveInteger } from '../cli-args.ts';
import type { CommunityBackend } from '../community/backend.ts';
import type { CommunityWorld } from '../community/community-world.ts';
import { createInProcessBackend } from '../community/in-process-backend.ts';
import {
  type CommunityRunResult,
  defaultCheckpoints,
  runCommunity,
} from '../community/run-community.ts';
import { createSdkEdgeBackend, type SdkEdgeBackend } from '../community/sdk-edge-backend.ts';
import { figure, table, withInterval } from '../format.ts';
import { DEFAULT_DATA_DIR, REPO_ROOT } from '../obd/obd-paths.ts';
import { outputDir, toJson } from '../output-dir.ts';
import { createProgress, SILENT_PROGRESS } from '../progress.ts';
import { obdEnvironment } from '../simulate/obd-environment.ts';
import { type Estimate, meanInterval } from '../stats.ts';
import type { Command } from './command.ts';

const usage = `npm run lab -- community-edge [options]

The community study once more, smaller, through the real system: every simulated user is an
SDK client (createClient, engine in-thread, memory storage) and the crowd's evidence goes
through the real edge in local workerd (wrangler, apps/lab/edge/wrangler.lab.jsonc): delta
batches to the shards, the aggregator's merge, GET /priors and the WebSocket announcements.
The same users and clicks also run through the in-process simulation of the merge (by
default the community world of "simulate --quick"), so the two can be compared. Reports
newcomers' regret alone vs with community priors and checks that the edge published exactly
the events the clients sent.

  --quick               a small run (2 cohorts × 8 users × 200 decisions)
  --cohorts <n>         cohorts (default 4)
  --users <n>           users per cohort (default 50)
  --decisions <n>       decisions per user (default 1,000)
  --gap <n>             rounds between cohorts (default 250)
  --refresh-every <n>   rounds between community refreshes (default 25)
  --kappa <κ>           users' taste concentration (default 2000)
  --prior-strength <n>  a maxPriorStrength ceiling for the decision (default: none; the
                        strength is min(S + F, κ) with the edge's W and κ)
  --seed <n>            seed (default 1)
  --data <dir>          OBD sample folder (default ${DEFAULT_DATA_DIR})
  --out <dir>           output folder (default lab-results/)
`;

interface RunSummary {
  readonly backend: string;
  readonly priors: boolean;
  readonly seconds: number;
  /** Newcomers' mean cumulative regret at each checkpoint, 95% CI over newcomers. */
  readonly regret: readonly Estimate[];
  /** Every user's regret at every checkpoint (not written out). */
  readonly perUser: Float64Array;
}

function summarise(
  backend: string,
  priors: boolean,
  seconds: number,
  run: CommunityRunResult,
): RunSummary {
  const c = run.checkpoints.length;
  const newcomers = [...run.cohort.keys()].filter((u) => run.cohort[u]! > 0);
  return {
    backend,
    priors,
    seconds,
    perUser: run.regret,
    regret: run.checkpoints.map((_, j) =>
      meanInterval(newcomers.map((u) => run.regret[u * c + j]!)),
    ),
  };
}

async function timed(
  label: string,
  world: CommunityWorld,
  priors: boolean,
  backend: CommunityBackend,
): Promise<RunSummary> {
  const name = `${label}, ${priors ? 'with community priors' : 'alone'}`;
  const rounds = (world.cohorts - 1) * world.arrivalGap + world.decisionsPerUser;
  const progress = label.startsWith('SDK')
    ? createProgress(name, Math.ceil(rounds / world.refreshEvery))
    : SILENT_PROGRESS;
  const started = performance.now();
  const run = await runCommunity(world, {
    ...backend,
    async refresh() {
      await backend.refresh();
      progress.advance(1);
    },
  }).finally(() => progress.stop());
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${name}: ${figure(seconds)} s`);
  return summarise(label, priors, seconds, run);
}

/** `community-edge`: the community study through the real SDK and edge in workerd. */
export const communityEdgeCommand: Command = {
  name: 'community-edge',
  summary: 'a smaller community run through the real SDK and the edge in workerd',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('community-edge', args, {
      quick: { type: 'boolean' },
      cohorts: { type: 'string' },
      users: { type: 'string' },
      decisions: { type: 'string' },
      gap: { type: 'string' },
      'refresh-every': { type: 'string' },
      kappa: { type: 'string' },
      'prior-strength': { type: 'string' },
      seed: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const quick = values.quick === true;
    const strength = nonNegative(
      '--prior-strength',
      values['prior-strength'],
      Number.POSITIVE_INFINITY,
    );
    const seed = positiveInteger('--seed', values.seed, 1);
    const out = outputDir(values.out);
    const { environment, sample } = await obdEnvironment(values.data ?? DEFAULT_DATA_DIR);
    const world: CommunityWorld = {
      itemRates: Array.from(environment.rates),
      concentration: nonNegative('--kappa', values.kappa, 2000),
      cohorts: positiveInteger('--cohorts', values.cohorts, quick ? 2 : 4),
      usersPerCohort: positiveInteger('--users', values.users, quick ? 8 : 50),
      arrivalGap: positiveInteger('--gap', values.gap, quick ? 100 : 250),
      decisionsPerUser: positiveInteger('--decisions', values.decisions, quick ? 200 : 1000),
      refreshEvery: positiveInteger('--refresh-every', values['refresh-every'], quick ? 50 : 25),
      seed,
    };
    const items = world.itemRates.length;
    console.log(`Data: ${sample.attribution}`);
    console.log(
      `World: ${environment.label}; ${world.cohorts} cohorts × ${world.usersPerCohort} users arriving every ${world.arrivalGap} rounds, ` +
        `${figure(world.decisionsPerUser)} decisions each, priors refreshed every ${world.refreshEvery} rounds, ` +
        `κ = ${figure(world.concentration)}, ${Number.isFinite(strength) ? `maxPriorStrength ${figure(strength)}` : 'every crowd option at its default (learned κ, W as the edge has it)'}, seed ${seed}\n`,
    );

    const started = performance.now();
    const edge = await startLocalEdge({
      config: resolve(REPO_ROOT, 'apps/lab/edge/wrangler.lab.jsonc'),
    });
    const runs: RunSummary[] = [];
    let sdkEdge: SdkEdgeBackend | null = null;
    try {
      console.log(`Edge: local workerd at ${edge.url}`);
      const sdk = (maxPriorStrength: number | null) =>
        createSdkEdgeBackend({ items, maxPriorStrength, edgeUrl: edge.url, seed });
      runs.push(await timed('SDK', world, false, sdk(null)));
      sdkEdge = sdk(strength);
      runs.push(await timed('SDK + edge', world, true, sdkEdge));
      await sdkEdge.settle();
    } finally {
      await edge.dispose();
    }
    const inProcess = (maxPriorStrength: number | null) =>
      createInProcessBackend({ items, maxPriorStrength, seed });
    runs.push(await timed('in-process', world, false, inProcess(null)));
    runs.push(await timed('in-process', world, true, inProcess(strength)));

    const checkpoints = defaultCheckpoints(world.decisionsPerUser);
    const newcomers = (world.cohorts - 1) * world.usersPerCohort;
    console.log(
      `\nNewcomers' cumulative regret (${newcomers} users of cohorts 2..${world.cohorts}; mean [95% CI over users]):\n`,
    );
    console.log(
      table([
        ['learner', 'priors', ...checkpoints.map((t) => `first ${figure(t)}`), 'run time'],
        ...runs.map((r) => [
          r.backend,
          r.priors
            ? Number.isFinite(strength)
              ? `capped at ${figure(strength)}`
              : 'learned κ, defaults'
            : 'alone',
          ...r.regret.map((e) => withInterval(e)),
          `${figure(r.seconds)} s`,
        ]),
      ]),
    );
    const gainAt = (backend: string, j: number) => {
      const alone = runs.find((r) => r.backend.startsWith(backend) && !r.priors)!;
      const withPriors = runs.find((r) => r.backend.startsWith(backend) && r.priors)!;
      return alone.regret[j]!.value / withPriors.regret[j]!.value;
    };
    const counts = sdkEdge!.counts();
    // The SDK's engine draws from the same seeded generator, in the same order, as the
    // simulation's Thompson sampling; with the edge's priors equal to the simulated merge,
    // both give every user the same choices.
    const compare = (priors: boolean) => {
      const [a, b] = runs.filter((r) => r.priors === priors).map((r) => r.perUser);
      const c = checkpoints.length;
      let largest = 0;
      let users = 0;
      for (let u = 0; u < a!.length / c; u++) {
        let gap = 0;
        for (let j = 0; j < c; j++) gap = Math.max(gap, Math.abs(a![u * c + j]! - b![u * c + j]!));
        largest = Math.max(largest, gap);
        if (gap > 0) users += 1;
      }
      return `${users} of ${a!.length / c} users differ, by at most ${figure(largest)}`;
    };
    const lines = [
      `SDK vs in-process, users' cumulative regret at the checkpoints: alone ${compare(false)}; ` +
        `with priors ${compare(true)}`,
      `Gain (alone ÷ with priors): ${checkpoints
        .map(
          (t, j) =>
            `first ${figure(t)}: SDK + edge ${figure(gainAt('SDK', j))}×, in-process ${figure(gainAt('in-process', j))}×`,
        )
        .join('; ')}`,
      `Edge: ${figure(counts.sent)} feedback events sent, ${figure(counts.published)} in the published totals ` +
        `(the admin's raw totals, priors v${counts.version}) → ${counts.sent === counts.published ? 'exactly once' : 'MISMATCH'}`,
    ];
    for (const line of lines) console.log(line);
    const seconds = (performance.now() - started) / 1000;
    out.write(
      'community-edge.json',
      toJson({
        date: new Date().toISOString(),
        node: process.version,
        data: { attribution: sample.attribution, campaign: sample.campaign, items: sample.items },
        world: { ...world, itemRates: undefined, items },
        maxPriorStrength: Number.isFinite(strength) ? strength : null,
        checkpoints,
        runs: runs.map(({ perUser: _, ...rest }) => rest),
        edge: counts,
        summary: lines,
        seconds,
      }),
    );
    console.log(`\n${figure(seconds)} s; wrote ${out.written.join(', ')}`);
  },
};
