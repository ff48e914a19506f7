import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBenchmarks } from './benchmarks-md.ts';

const machine = {
  date: '2026-11-22T05:00:00.000Z',
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 8,
  os: 'Linux',
  node: 'v22.23.3',
  commit: 'abc1234',
  packages: { vite: '8.3.8' },
};

function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'crowdbandit-md-'));
  const results = join(root, 'bench', 'results');
  mkdirSync(results, { recursive: true });
  const core = {
    date: '2026-11-22T04:00:00.000Z',
    quick: false,
    beta_samples_per_sec: { crowdbandit: 20e6, stdlib: 5e6, jstat: 4e6 },
    rank_ms: { '1k': { p50: 0.4, p90: 0.5 }, '10k': { p50: 3.2, p90: 3.4 } },
    rank_catalog_ms: { '1k': { p50: 0.2, p90: 0.25 }, '10k': { p50: 1.1, p90: 1.2 } },
    rank_reference_ms: { '1k': { p50: 0.05, p90: 0.06 }, '10k': { p50: 0.48, p90: 0.5 } },
  };
  writeFileSync(join(results, 'core.json'), JSON.stringify(core));
  writeFileSync(
    join(results, 'peers.json'),
    JSON.stringify({
      date: machine.date,
      peers: [
        {
          name: 'peer-a',
          version: '1.0.0',
          api: 'A',
          size: {
            upFront: { files: 1, minified: 4096, gzip: 2048, brotli: 1024 },
            total: { files: 1, minified: 4096, gzip: 2048, brotli: 1024 },
          },
        },
        { name: 'peer-b', version: null, api: 'B', size: null, error: 'not installed' },
      ],
    }),
  );
  return { root, results };
}

describe('renderBenchmarks', () => {
  it('writes machine, status, tables and chart links from the JSON files', () => {
    const { root, results } = fixture();
    const md = renderBenchmarks({
      machine,
      quick: false,
      steps: [
        { id: 'core', label: 'core', status: 'ok', seconds: 5, file: join(results, 'core.json') },
        {
          id: 'sdk',
          label: 'SDK',
          status: 'not available',
          seconds: 0,
          note: 'no runSdkBench',
          file: join(results, 'sdk.json'),
        },
      ],
      resultsDir: results,
      labDir: join(results, 'lab'),
      charts: { 'core-beta': join(results, 'charts', 'core-beta.svg') },
      file: join(root, 'BENCHMARKS.md'),
    });
    expect(md).toContain('| CPU | Test CPU, 2 cores |');
    expect(md).toContain('| Beta draws / s, crowdbandit | 20.0 M |');
    expect(md).toContain('4.0× slower');
    expect(md).toContain('| peer-a 1.0.0 | A | 4.0 KB | 2.0 KB | 1.0 KB |');
    expect(md).toContain('not measured: not installed');
    expect(md).toContain('![Beta draws per second](bench/results/charts/core-beta.svg)');
    expect(md).toContain('| SDK | not available — no runSdkBench |');
    expect(md).toContain('Not available: bench/results/sdk.json is missing');
    expect(md).toContain('Not available: bench/results/edge.json is missing.');
  });

  it('marks figures that this run failed to refresh with their date', () => {
    const { root, results } = fixture();
    const md = renderBenchmarks({
      machine,
      quick: true,
      steps: [
        {
          id: 'core',
          label: 'core',
          status: 'failed',
          seconds: 1,
          note: 'exit code 1',
          file: join(results, 'core.json'),
        },
      ],
      resultsDir: results,
      labDir: join(results, 'lab'),
      charts: {},
      file: join(root, 'BENCHMARKS.md'),
    });
    expect(md).toContain('**Quick mode: short runs, rough figures.**');
    expect(md).toContain(
      '> **Not measured in this run** (failed: exit code 1). Figures below are from 2026-11-22 04:00 UTC.',
    );
  });
});
