import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCrowd } from '../crowd/crowd-bench.ts';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import { runInChild } from './child-run.ts';
import { measurePeerBundles } from './peer-bundles.ts';

/** How one benchmark went in this run. */
export interface StepResult {
  readonly id: string;
  readonly label: string;
  readonly status: 'ok' | 'failed' | 'not available';
  readonly seconds: number;
  /** Why it failed or is not available. */
  readonly note?: string;
  /** The JSON file it writes. */
  readonly file: string;
}

/** One benchmark the orchestrator runs. */
export interface BenchStep {
  readonly id: string;
  readonly label: string;
  readonly file: string;
  run(): Promise<StepResult>;
}

const OFFLINE_WRANGLER = {
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
};

const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(REPO_ROOT, path)).href);

/** Whether a module file exists and its text names `exportName` as an export. */
function exportsName(path: string, exportName: string): boolean {
  const file = join(REPO_ROOT, path);
  if (!existsSync(file)) return false;
  return new RegExp(`export\\s+(async\\s+)?function\\s+${exportName}\\b`).test(
    readFileSync(file, 'utf8'),
  );
}

function childStep(
  id: string,
  label: string,
  file: string,
  source: { readonly path: string; readonly exportName: string },
  code: string,
  options: { readonly timeoutMs: number; readonly env?: Readonly<Record<string, string>> },
): BenchStep {
  return {
    id,
    label,
    file,
    async run() {
      if (!exportsName(source.path, source.exportName)) {
        return {
          id,
          label,
          file,
          status: 'not available',
          seconds: 0,
          note: `${source.path} does not export ${source.exportName} (yet)`,
        };
      }
      const outcome = await runInChild(code, { label: id, ...options });
      return {
        id,
        label,
        file,
        status: outcome.ok ? 'ok' : 'failed',
        seconds: outcome.seconds,
        ...(outcome.error === undefined ? {} : { note: outcome.error }),
      };
    },
  };
}

/** A step that runs in this process (its own work may use worker threads). */
function localStep(id: string, label: string, file: string, work: () => Promise<void>): BenchStep {
  return {
    id,
    label,
    file,
    async run() {
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        await work();
        return { id, label, file, status: 'ok', seconds: seconds() };
      } catch (error) {
        const note = error instanceof Error ? error.message : String(error);
        return { id, label, file, status: 'failed', seconds: seconds(), note };
      }
    },
  };
}

/**
 * Every benchmark, in the order they run: the existing ones (core, protocol, SDK, edge) each
 * in a child process through their exported entry points, then the peer SDK bundles and the
 * crowd study here. Results land in `resultsDir` as JSON.
 *
 * @example
 * for (const step of benchSteps('bench/results', true)) console.log(await step.run());
 */
export function benchSteps(resultsDir: string, quick: boolean): BenchStep[] {
  const out = (name: string) => join(resultsDir, name);
  const limit = (quickSeconds: number, fullSeconds: number) =>
    (quick ? quickSeconds : fullSeconds) * 1000;
  const write = (name: string, expression: string) =>
    `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(out(name))}, JSON.stringify({ date: new Date().toISOString(), ...(${expression}) }, null, 2) + '\\n');`;
  return [
    childStep(
      'core',
      'core: Beta sampling and rank latency',
      out('core.json'),
      { path: 'packages/core/bench/core.ts', exportName: 'runCoreBench' },
      `const m = await import(${moduleUrl('packages/core/bench/core.ts')}); await m.runCoreBench({ quick: ${quick}, out: ${JSON.stringify(out('core.json'))} });`,
      { timeoutMs: limit(30, 120) },
    ),
    childStep(
      'wire',
      'protocol: bytes on the wire per event',
      out('wire.json'),
      { path: 'packages/protocol/bench/wire-bytes.ts', exportName: 'measureWireBytes' },
      `const m = await import(${moduleUrl('packages/protocol/bench/wire-bytes.ts')}); ${write('wire.json', 'await m.measureWireBytes()')}`,
      { timeoutMs: limit(30, 60) },
    ),
    childStep(
      'client-size',
      'protocol: client entry size',
      out('client-size.json'),
      { path: 'packages/protocol/bench/client-size.ts', exportName: 'measureClientSize' },
      `const m = await import(${moduleUrl('packages/protocol/bench/client-size.ts')}); ${write('client-size.json', 'await m.measureClientSize()')}`,
      { timeoutMs: limit(30, 60) },
    ),
    childStep(
      'sdk',
      'SDK: bundles, latency and first decision in Chromium',
      out('sdk.json'),
      { path: 'packages/sdk/bench/sdk.ts', exportName: 'runSdkBench' },
      `const m = await import(${moduleUrl('packages/sdk/bench/sdk.ts')}); await m.runSdkBench({ quick: ${quick}, out: ${JSON.stringify(out('sdk.json'))} });`,
      { timeoutMs: limit(90, 600) },
    ),
    childStep(
      'edge',
      'edge: ingestion in local workerd',
      out('edge.json'),
      { path: 'worker/bench/load.ts', exportName: 'runEdgeLoad' },
      `const m = await import(${moduleUrl('worker/bench/load.ts')}); await m.runEdgeLoad({ quick: ${quick}, out: ${JSON.stringify(out('edge.json'))} });`,
      // Throughput runs (about 70 s), then the metered cost run: 1,000 demo visits (250 of
      // them warming up) at 1, 4 and 16 shards (about 5 minutes on a 2-core machine).
      { timeoutMs: limit(150, 600), env: OFFLINE_WRANGLER },
    ),
    childStep(
      'history',
      'edge: history of 1,000 arm keys × 24 h of minutes in local workerd',
      out('history.json'),
      { path: 'worker/bench/history.ts', exportName: 'runHistoryBench' },
      `const m = await import(${moduleUrl('worker/bench/history.ts')}); await m.runHistoryBench({ quick: ${quick}, out: ${JSON.stringify(out('history.json'))} });`,
      { timeoutMs: limit(240, 300), env: OFFLINE_WRANGLER },
    ),
    localStep('peers', 'peer SDK bundles', out('peers.json'), async () => {
      const peers = await measurePeerBundles();
      writeFileSync(
        out('peers.json'),
        `${JSON.stringify({ date: new Date().toISOString(), peers }, null, 2)}\n`,
      );
      for (const p of peers) {
        console.log(
          `  peers │ ${p.name}@${p.version ?? '-'}: ${p.size === null ? `not measured (${p.error})` : `${p.size.total.minified} B minified, ${p.size.total.gzip} B gzip, ${p.size.total.brotli} B brotli`}`,
        );
      }
    }),
    localStep(
      'crowd',
      'crowd: community priors, learned κ and bounded influence (in process)',
      out('crowd.json'),
      async () => {
        const crowd = await runCrowd({
          quick,
          file: out('crowd.json'),
          log: (text) => {
            for (const line of text.split('\n')) console.log(`  crowd │ ${line}`);
          },
        });
        for (const line of crowd.acceptance) console.log(`  crowd │ ${line}`);
      },
    ),
  ];
}
