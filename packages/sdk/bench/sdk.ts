// The SDK benchmark: bundle sizes and, in Chromium, rank/feedback round trips through the
// module worker. Writes bench/results/sdk.json at the repository root and prints a table.
//
//   npm run bench -w @crowdbandit/sdk [-- --quick]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type BundleSize, measureBundles } from './bundle-size.ts';
import { measureFirstDecision } from './first-decision.ts';
import { type Latency, measureLatency } from './latency.ts';

/**
 * The targets of issue 4. The worker's was 14 KB (14,336 B); the crowd you can trust (wave 2)
 * raised it by 192 B (3 × 64) for κ in the engine (a community prior's strength min(S+F, κ)
 * and its explanation), the bounded own share and the memory fallback's fix, measured at
 * 14,520 B. Going back to comlink for the page ⇄ worker boundary (issue 13) moved the main
 * thread's own code from 4 KB (4,096 B) to 5.5 KB (5,632 B), as the issue set it, and raised
 * the worker's by 1,280 B (20 × 64, the fewest that fit): comlink's expose side measured
 * 15,800 B (was 14,520 B; 14,430 B with comlink stubbed out). Experiments (issue 14) raised
 * it by 576 B (9 × 64, the fewest that fit) to 16,384 B, measured at 16,374 B: core's engine
 * grew by 260 B with the baseline policy of rank and choose (an engine option, so in the
 * engine) and the policy in every explanation, and the host by about 310 B with the hooks that
 * must be there before the experiment code loads (assign and track, the policy switch in rank,
 * choose and feedback, loading that code at start when a stored experiment is on a decision,
 * the schema v2 stores); assignment, exposures and conversions are a lazy chunk of 2.4 KB.
 * A flush called before the tab's leadership settles waits for it (issue 16: the first flush
 * of a page returned without sending): 64 B more, to 16,448 B, measured at 16,389 B.
 */
export const TARGETS = { mainBrotli: 5632, workerBrotli: 16_448, rank1kP50Ms: 2 } as const;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (l: Latency) => `${l.p50.toFixed(2)} / ${l.p90.toFixed(2)} ms`;

function sizeRow(name: string, size: BundleSize, target?: number): string {
  const verdict =
    target === undefined ? '' : size.brotli <= target ? '  ok' : `  over ${kb(target)}`;
  return `${name.padEnd(24)} ${kb(size.minified).padStart(9)} ${kb(size.gzip).padStart(9)} ${kb(size.brotli).padStart(9)}${verdict}`;
}

export async function runSdkBench(options: { quick?: boolean; out?: string } = {}) {
  const quick = options.quick ?? false;
  const bundles = await measureBundles();
  const latency = await measureLatency(quick);
  const firstDecision = await measureFirstDecision(quick ? 5 : 20);
  const out = options.out ?? resolve(import.meta.dirname, '../../../bench/results/sdk.json');
  // Before the startup work: the same run's visits of the SDK at BEFORE_COMMIT, else the
  // figures the file kept from before it began.
  const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    quick,
    targets: TARGETS,
    bundles,
    latency_ms: latency,
    first_decision_ms: firstDecision,
    first_decision_ms_before:
      firstDecision.before ?? previous.first_decision_ms_before ?? firstDecision,
    verdict: {
      main_under_target: bundles.main.brotli <= TARGETS.mainBrotli,
      main_own_code_under_target: bundles.mainOwnCode.brotli <= TARGETS.mainBrotli,
      worker_under_target: bundles.worker.brotli <= TARGETS.workerBrotli,
      worker_with_lazy_chunks_under_target:
        bundles.worker.brotli +
          bundles.workerSync.brotli +
          bundles.workerIntervals.brotli +
          bundles.workerMemoryStore.brotli <=
        TARGETS.workerBrotli,
      rank_1k_under_target:
        Math.max(latency.rank_catalog_1k_first.p50, latency.rank_catalog_1k.p50) <=
        TARGETS.rank1kP50Ms,
    },
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return { result, out };
}

if (import.meta.main) {
  const { result, out } = await runSdkBench({ quick: process.argv.includes('--quick') });
  const { bundles: b, latency_ms: l } = result;
  const workerAll =
    b.worker.brotli +
    b.workerSync.brotli +
    b.workerIntervals.brotli +
    b.workerMemoryStore.brotli +
    b.workerExperiments.brotli;
  const lines = [
    `${'bundle'.padEnd(24)} ${'minified'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`,
    sizeRow('main-thread entry', b.main, TARGETS.mainBrotli),
    sizeRow('  without Vite helper', b.mainOwnCode, TARGETS.mainBrotli),
    sizeRow('module worker', b.worker, TARGETS.workerBrotli),
    sizeRow("worker's sync chunk", b.workerSync),
    sizeRow("worker's interval chunk", b.workerIntervals),
    sizeRow("worker's memory store", b.workerMemoryStore),
    sizeRow("worker's experiment chunk", b.workerExperiments),
    sizeRow('in-thread host (lazy)', b.inThreadHost),
    `worker with every lazy chunk: ${kb(workerAll)} brotli; with the main thread: ${kb(b.main.brotli + workerAll)}`,
    `comlink's share, brotli: main thread ${b.mainOwnCode.brotli - b.mainOwnCodeWithoutComlink.brotli} B of ${b.mainOwnCode.brotli} B, worker ${b.worker.brotli - b.workerWithoutComlink.brotli} B of ${b.worker.brotli} B (each less a build with comlink stubbed out)`,
    sizeRow("core's engine alone", b.coreEngineAlone),
    sizeRow('worker deps, no SDK', b.workerDependenciesAlone),
    '',
    `worker by package (minified): ${Object.entries(b.worker.byPackage)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ')}`,
    `sync chunk by package:        ${Object.entries(b.workerSync.byPackage)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ')}`,
    `main by package (minified):   ${Object.entries(b.main.byPackage)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ')}`,
    '',
    `Chromium ${l.chromium}, engine in ${l.mode}, ${l.storage}, main-thread round trips p50 / p90:`,
    `rank 1,000 -> 20, first 500   ${ms(l.rank_catalog_1k_first)}${l.rank_catalog_1k_first.p50 <= TARGETS.rank1kP50Ms ? '  ok' : '  over 2 ms'}`,
    `rank 1,000 -> 20, catalog     ${ms(l.rank_catalog_1k)}${l.rank_catalog_1k.p50 <= TARGETS.rank1kP50Ms ? '  ok' : '  over 2 ms'}`,
    `rank 1,000 -> 20, array       ${ms(l.rank_array_1k)}`,
    `rank 10,000 -> 20, catalog    ${ms(l.rank_catalog_10k)}`,
    `rank 10,000 -> 20, array      ${ms(l.rank_array_10k)}`,
    `feedback                      ${ms(l.feedback)}`,
    '',
    `wrote ${out}`,
  ];
  console.log(lines.join('\n'));
}
