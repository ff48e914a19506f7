import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { measureBetaThroughput } from './beta-throughput.ts';
import { measureRankLatency } from './rank-latency.ts';

/**
 * The core benchmark: Beta sampling throughput beside @stdlib and jstat, and rank latency
 * for 1k and 10k candidates. Writes bench/results/core.json at the repository root.
 *
 *   npm run bench:core [-- --quick]
 */
export async function runCoreBench(options: { quick?: boolean; out?: string } = {}) {
  const quick = options.quick ?? false;
  const beta = await measureBetaThroughput({ quick });
  const rank1k = measureRankLatency(1_000, quick ? 200 : 1_000);
  const rank10k = measureRankLatency(10_000, quick ? 60 : 300);
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    quick,
    beta_samples_per_sec: beta,
    beta_ratio: {
      vs_stdlib: beta.crowdbandit / beta.stdlib,
      vs_jstat: beta.crowdbandit / beta.jstat,
    },
    rank_ms: { '1k': rank1k.crowdbandit, '10k': rank10k.crowdbandit },
    rank_catalog_ms: { '1k': rank1k.catalog, '10k': rank10k.catalog },
    rank_reference_ms: { '1k': rank1k.reference, '10k': rank10k.reference },
  };
  const out = options.out ?? resolve(import.meta.dirname, '../../../bench/results/core.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return { result, out };
}

if (import.meta.main) {
  const { result, out } = await runCoreBench({ quick: process.argv.includes('--quick') });
  const f = (x: number) => x.toFixed(3);
  console.log(
    `Beta samples/s  crowdbandit ${(result.beta_samples_per_sec.crowdbandit / 1e6).toFixed(1)}M  stdlib ${(result.beta_samples_per_sec.stdlib / 1e6).toFixed(1)}M  jstat ${(result.beta_samples_per_sec.jstat / 1e6).toFixed(1)}M`,
  );
  console.log(
    `                ${result.beta_ratio.vs_stdlib.toFixed(2)}x stdlib, ${result.beta_ratio.vs_jstat.toFixed(2)}x jstat`,
  );
  for (const size of ['1k', '10k'] as const) {
    const ours = result.rank_ms[size];
    const ref = result.rank_reference_ms[size];
    const cat = result.rank_catalog_ms[size];
    console.log(
      `rank ${size.padStart(3)} -> top 20  array p50 ${f(ours.p50)} / p90 ${f(ours.p90)} ms   catalog p50 ${f(cat.p50)} / p90 ${f(cat.p90)} ms   (sampler+heap reference p50 ${f(ref.p50)} ms)`,
    );
  }
  console.log(`wrote ${out}`);
}
