import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  betaChart,
  bundlesChart,
  edgeChart,
  edgeCostChart,
  firstDecisionChart,
  rankChart,
  wireChart,
} from '../bench/bench-charts.ts';
import { benchSteps, type StepResult } from '../bench/bench-steps.ts';
import { renderBenchmarks } from '../bench/benchmarks-md.ts';
import { machineInfo } from '../bench/machine.ts';
import { PEERS } from '../bench/peer-bundles.ts';
import { readJson } from '../bench/read-json.ts';
import type {
  CoreResult,
  EdgeResult,
  PeersResult,
  SdkResult,
  WireResult,
} from '../bench/result-types.ts';
import { listOf, parseCommandArgs } from '../cli-args.ts';
import { crowdChart } from '../crowd/crowd-chart.ts';
import type { InProcessCrowdKeys } from '../crowd/crowd-result.ts';
import { LabError } from '../lab-error.ts';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import type { Command } from './command.ts';

const STEP_IDS = [
  'core',
  'wire',
  'client-size',
  'sdk',
  'edge',
  'history',
  'peers',
  'crowd',
] as const;

const usage = `npm run lab -- bench [options]      (what \`npm run bench\` runs)

Runs every benchmark — core (Beta sampling, rank latency), protocol (wire bytes, client
entry size), SDK (bundles, latency in Chromium), edge (ingestion in local workerd) — each in
its own process, measures peer SDK bundles (${PEERS.map((p) => p.name).join(', ')})
the same way as ours, runs the crowd study (newcomers with community priors under a learned
κ and a per-client bound, in process on worker threads; 6–9 minutes on 2 cores on its own,
see \`npm run lab -- crowd --help\`), and regenerates BENCHMARKS.md with tables, SVG charts,
the machine, versions and date. The other benchmarks take under 10 minutes on 2 cores;
--quick under 1 minute.

  --quick            short runs; writes to lab-results/bench-quick/ so the committed
                     figures stay untouched (unless --out / --markdown say otherwise)
  --only <list>      ${STEP_IDS.join(', ')} (default all)
  --out <dir>        JSON results folder (default bench/results)
  --markdown <file>  the report (default BENCHMARKS.md)
  --lab <dir>        lab results summarised in the report (default bench/results/lab)
`;

/** `bench`: every benchmark and BENCHMARKS.md. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'run every benchmark (core, protocol, SDK, edge, peer bundles); write BENCHMARKS.md',
  usage,
  async run(args) {
    const { values } = parseCommandArgs('bench', args, {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      out: { type: 'string' },
      markdown: { type: 'string' },
      lab: { type: 'string' },
      help: { type: 'boolean' },
    });
    if (values.help) {
      console.log(usage);
      return;
    }
    const quick = values.quick === true;
    const only = listOf('--only', values.only, STEP_IDS, STEP_IDS);
    const quickDir = join(REPO_ROOT, 'lab-results', 'bench-quick');
    const resultsDir = resolve(
      values.out ?? (quick ? join(quickDir, 'results') : join(REPO_ROOT, 'bench', 'results')),
    );
    const markdownFile = resolve(
      values.markdown ??
        (quick ? join(quickDir, 'BENCHMARKS.md') : join(REPO_ROOT, 'BENCHMARKS.md')),
    );
    const labDir = resolve(values.lab ?? join(REPO_ROOT, 'bench', 'results', 'lab'));
    mkdirSync(resultsDir, { recursive: true });
    const started = performance.now();
    const results: StepResult[] = [];
    for (const step of benchSteps(resultsDir, quick)) {
      if (!only.includes(step.id as (typeof STEP_IDS)[number])) continue;
      console.log(`▶ ${step.label}`);
      const result = await step.run();
      results.push(result);
      console.log(
        `  ${result.status === 'ok' ? '✓' : result.status === 'failed' ? '✗' : '–'} ${step.id}: ${result.status}` +
          `${result.status === 'not available' ? '' : ` in ${result.seconds.toFixed(1)} s`}${result.note === undefined ? '' : ` (${result.note})`}`,
      );
    }

    const chartsDir = join(resultsDir, 'charts');
    mkdirSync(chartsDir, { recursive: true });
    const charts: Record<string, string> = {};
    const chart = async (name: string, render: () => Promise<string> | null) => {
      const svg = render();
      if (svg === null) return;
      const file = join(chartsDir, `${name}.svg`);
      writeFileSync(file, await svg);
      charts[name] = file;
    };
    const core = readJson<CoreResult>(join(resultsDir, 'core.json'));
    const edge = readJson<EdgeResult>(join(resultsDir, 'edge.json'));
    const sdk = readJson<SdkResult>(join(resultsDir, 'sdk.json'));
    const peers = readJson<PeersResult>(join(resultsDir, 'peers.json'));
    await chart('bundles', () =>
      sdk === null && peers === null ? null : bundlesChart(sdk, peers),
    );
    await chart('first-decision', () => (sdk === null ? null : firstDecisionChart(sdk)));
    await chart('core-beta', () => (core === null ? null : betaChart(core)));
    await chart('core-rank', () => (core === null ? null : rankChart(core)));
    await chart('edge', () => (edge === null ? null : edgeChart(edge)));
    await chart('edge-cost', () => (edge === null ? null : edgeCostChart(edge)));
    const wire = readJson<WireResult>(join(resultsDir, 'wire.json'));
    await chart('wire', () => (wire === null ? null : wireChart(wire)));
    const crowd = readJson<Partial<InProcessCrowdKeys>>(join(resultsDir, 'crowd.json'));
    await chart('crowd-caps', () =>
      crowd?.fixed_cap_sweep === undefined ? null : crowdChart(crowd as InProcessCrowdKeys),
    );

    const machine = machineInfo(PEERS.map((p) => p.name));
    writeFileSync(
      markdownFile,
      renderBenchmarks({
        machine,
        quick,
        steps: results,
        resultsDir,
        labDir,
        charts,
        file: markdownFile,
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\n${results.filter((r) => r.status === 'ok').length} of ${results.length} benchmarks ran in ${seconds.toFixed(0)} s; ` +
        `wrote ${relative(process.cwd(), markdownFile)}, JSON and charts in ${relative(process.cwd(), resultsDir) || '.'}`,
    );
    for (const r of results.filter((x) => x.status === 'not available'))
      console.log(`not available: ${r.label} — ${r.note}`);
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
      throw new LabError(
        `${failed.length} benchmark(s) failed: ${failed.map((r) => `${r.id} (${r.note})`).join('; ')}`,
      );
    }
  },
};
