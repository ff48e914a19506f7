import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderBenchmarks } from '../bench/benchmarks-md.ts';
import { toJson } from '../output-dir.ts';
import { crowdChart } from './crowd-chart.ts';
import type { InProcessCrowdKeys } from './crowd-result.ts';
import { type CrowdContext, type CrowdJson, collectCrowdRows } from './crowd-rows.ts';
import { averageRates, type CrowdWorlds, tasteCohortRates } from './crowd-worlds.ts';
import { inProcessCrowdRows } from './in-process-rows.ts';

const RATES = [0.3, 0.05, 0.2, 0.1, 0.15];
const arrivals = {
  cohorts: 3,
  usersPerCohort: 8,
  arrivalGap: 20,
  decisionsPerUser: 200,
  refreshEvery: 10,
  concentration: 50,
};
const tastes = tasteCohortRates(RATES, 4);
const WORLDS: CrowdWorlds = {
  homogeneous: { ...arrivals, itemRates: RATES },
  cohorts: { ...arrivals, itemRates: averageRates(tastes), tastes },
};
const PLAN = { seeds: 3, sweepSeeds: 2, caps: [10, 100], weights: [2, 8, Infinity] };
const lines: string[] = [];
const CONTEXT: CrowdContext = {
  quick: true,
  dataDir: '/nonexistent',
  threads: 1,
  log: (line) => lines.push(line),
};

const run = () =>
  collectCrowdRows(
    [
      inProcessCrowdRows({ worlds: WORLDS, plan: PLAN }),
      async () => ({
        keys: { sybil_shift_pts: 0.42 },
        acceptance: ['ACCEPTANCE from another producer'],
      }),
    ],
    CONTEXT,
  );

describe('the crowd study in process', () => {
  it('writes the headline ratios, the sweeps, the chosen bounds, the variants and κ over time', async () => {
    const json = (await run()) as unknown as InProcessCrowdKeys & CrowdJson;
    const h = json.newcomer_regret_ratio_default;
    expect(h).toMatchObject({ checkpoint: 100, seeds: 3, target: 3 });
    expect(h.low).toBeLessThanOrEqual(h.value);
    expect(h.pass).toBe(h.value >= 3);
    const c = json.cohort_regret_ratio_default;
    expect(c.pass).toBe(c.value >= 1 && c.worst_seed >= 1);
    expect(json.fixed_cap_sweep.map((r) => r.cap)).toEqual([10, 100]);
    expect([10, 100]).toContain(json.best_fixed_cap_ratio.homogeneous.cap);
    const PLAN_WEIGHTS = [2, 8, null];
    expect(json.weight_sweep.map((r) => r.max_weight_per_client)).toEqual(PLAN_WEIGHTS);
    // W = 8 is the default: its row is the defaults' (3 seeds), the others have 2.
    expect(json.weight_sweep.map((r) => r.seeds)).toEqual([2, 3, 2]);
    expect(json.weight_sweep[1]!.homogeneous).toEqual(json.default_ratios.homogeneous);
    // Of 2 and 8, W = 8 keeps one hostile client within 80% of 0.25 points (0.199), and 4 ids
    // per hour keep 500 identities within 80% of 1 point (0.787): the edge's defaults.
    expect(json.chosen_bounds).toMatchObject({
      max_weight_per_client: 8,
      ids_per_address_per_hour: 4,
      matches_edge_default_weight: true,
    });
    expect(json.chosen_bounds.single_client_shift_pts).toBeLessThanOrEqual(0.2);
    expect(json.chosen_bounds.sybil_shift_pts).toBeLessThanOrEqual(0.8);
    expect(json.variants.map((v) => v.id)).toEqual(['first-draft', 'no-item-kappa']);
    expect(json.kappa_over_time.homogeneous.map((p) => p.round)).toEqual([0, 20, 40]);
    expect(json.kappa_over_time.homogeneous[0]).toMatchObject({
      median: 100,
      sources: { fallback: 3 },
    });
    expect(json.kappa_fixed_exposure.homogeneous.implied).toBeCloseTo(50, 9);
    expect(json.kappa_fixed_exposure.cohorts.estimates.map((e) => e.per_item)).toEqual([
      20, 50, 200,
    ]);
    expect(json.sybil_shift_pts).toBe(0.42);
    expect(json.acceptance.at(-1)).toBe('ACCEPTANCE from another producer');
    expect(json.acceptance[0]).toMatch(/^ACCEPTANCE newcomer_regret_ratio_default ≥ 3/);
    expect(lines.join('\n')).toContain('κ the edge would publish');
  });

  it('charts worlds given in code without a dataset attribution', async () => {
    const json = (await run()) as unknown as InProcessCrowdKeys & CrowdJson;
    expect(json.data).toBeNull();
    const svg = await crowdChart(json);
    expect(svg).toContain('Prior strength: fixed caps vs the learned κ');
    expect(svg).not.toContain('Open Bandit Dataset');
  });

  it('charts a crowd.json from before the data key under the Men sample it was read from', async () => {
    const { data: _, ...legacy } = (await run()) as unknown as InProcessCrowdKeys & CrowdJson;
    const svg = await crowdChart(legacy);
    expect(svg).toContain('Open Bandit Dataset, &quot;Men&quot; campaign sample, 5 items');
  });

  it("refuses a horizon short of the targets' 100 decisions", async () => {
    await expect(
      inProcessCrowdRows({ worlds: WORLDS, plan: PLAN, horizon: 50 })(CONTEXT),
    ).rejects.toThrow(/--horizon/);
  });

  it('refuses two producers writing the same key', async () => {
    const same = async () => ({ keys: { a: 1 }, acceptance: [] });
    await expect(collectCrowdRows([same, same], CONTEXT)).rejects.toThrow(/the key "a"/);
  });

  it("renders its section of BENCHMARKS.md, other producers' rows included", async () => {
    const root = mkdtempSync(join(tmpdir(), 'crowdbandit-crowd-'));
    writeFileSync(join(root, 'crowd.json'), toJson(await run()));
    const md = renderBenchmarks({
      machine: {
        date: '2026-12-05T00:00:00.000Z',
        cpu: 'Test CPU',
        cores: 2,
        memoryGiB: 8,
        os: 'Linux',
        node: 'v22',
        commit: 'abc1234',
        packages: {},
      },
      quick: true,
      steps: [],
      resultsDir: root,
      labDir: join(root, 'lab'),
      charts: { 'crowd-caps': join(root, 'charts', 'crowd-caps.svg') },
      file: join(root, 'BENCHMARKS.md'),
    });
    expect(md).toContain('## Community priors you can trust (crowd)');
    expect(md).toContain('ACCEPTANCE newcomer_regret_ratio_default ≥ 3');
    expect(md).toContain('| fixed cap 100, unbounded totals |');
    expect(md).toContain('![Fixed caps vs the learned κ](charts/crowd-caps.svg)');
    expect(md).toContain('| `sybil_shift_pts` | 0.42 |');
  });
});
