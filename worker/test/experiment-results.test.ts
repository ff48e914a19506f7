import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import {
  chanceToBeatControl,
  confidenceSequence,
  expectedLoss,
  probabilityBest,
  relativeUplift,
} from '@crowdbandit/core';
import { type Delta, ExperimentResultsSchema, experimentDelta } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EXPERIMENT_HISTORY_MS, pruneExperimentHistory } from '../src/experiment-history.ts';
import { mergeExperimentRows } from '../src/experiment-totals.ts';
import type { PriorsAggregator } from '../src/priors-aggregator.ts';
import { admin, call, drainAllAlarms, postBatch, pushShards } from './helpers.ts';

afterEach(drainAllAlarms);

const BASE = '/v1/apps/demo/experiments';

const exposure = (experiment: string, variation: number): Delta =>
  experimentDelta({ experiment, phase: 1, variation, metric: null, value: 1 });
const conversion = (experiment: string, variation: number, value: number): Delta =>
  experimentDelta({ experiment, phase: 1, variation, metric: 'buy', value });

async function startExperiment(key: string, extra: Record<string, unknown> = {}) {
  const headers = { ...admin(), 'content-type': 'application/json' };
  const created = await call(BASE, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      key,
      variations: [{ key: 'control' }, { key: 'treatment' }],
      metrics: ['buy'],
      ...extra,
    }),
  });
  expect(created.status).toBe(201);
  await created.body?.cancel();
  const started = await call(`${BASE}/${key}/start`, { method: 'POST', headers: admin() });
  expect(started.status).toBe(200);
  await started.body?.cancel();
}

/** Sends each client's batches in order (seq 1, 2, …). */
async function send(clients: Record<string, Delta[][]>) {
  for (const [client, batches] of Object.entries(clients)) {
    for (const [i, deltas] of batches.entries()) {
      const res = await postBatch('demo', { clientId: client, seq: i + 1, deltas });
      expect(res.status).toBe(200);
      await res.body?.cancel();
    }
  }
}

async function results(key: string, query = '') {
  const res = await call(`${BASE}/${key}/results${query}`, { headers: admin() });
  expect(res.status).toBe(200);
  return ExperimentResultsSchema.parse(await res.json());
}

const client = (n: number) => `results-client-${String(n).padStart(3, '0')}`;

describe('GET /v1/apps/:app/experiments/:key/results', () => {
  it('counts users exactly across shards and analyses them with core’s functions', async () => {
    await startExperiment('checkout');
    const clients: Record<string, Delta[][]> = {};
    for (let n = 0; n < 20; n++) clients[client(n)] = [[exposure('checkout', n % 2)]];
    // Control: 3 buyers, the first buying twice (2 + 3); treatment: 6 buyers of 1 each.
    clients[client(0)]!.push([conversion('checkout', 0, 2)], [conversion('checkout', 0, 3)]);
    clients[client(2)]!.push([conversion('checkout', 0, 1)]);
    clients[client(4)]!.push([conversion('checkout', 0, 1)]);
    for (const n of [1, 3, 5, 7, 9, 11]) clients[client(n)]!.push([conversion('checkout', 1, 1)]);
    // Never exposed: dropped, and said so.
    clients[client(99)] = [[conversion('checkout', 1, 1)]];
    await send(clients);
    await pushShards('demo');

    const body = await results('checkout');
    expect(body).toMatchObject({
      app: 'demo',
      experiment: 'checkout',
      phase: 1,
      status: 'running',
      archived: false,
      weights: [0.5, 0.5],
      variations: [
        { index: 0, key: 'control', weight: 0.5, exposed: 10 },
        { index: 1, key: 'treatment', weight: 0.5, exposed: 10 },
      ],
      srm: { pValue: 1, mismatch: false, checked: true, threshold: 0.001, minUsers: 8 },
    });
    expect(body.metrics).toHaveLength(1);
    const [buy] = body.metrics;
    const control = { s: 3, f: 7 };
    const treatment = { s: 6, f: 4 };
    const uplift = relativeUplift(control, treatment);
    expect(buy!.variations).toEqual([
      {
        index: 0,
        key: 'control',
        exposed: 10,
        converted: 3,
        rate: 0.3,
        valuePerUser: 0.7,
        valueSum: 7,
        valueSumSquares: 5 ** 2 + 1 + 1,
        unexposedConversions: 0,
        expectedLoss: expectedLoss([control, treatment])[0],
        probabilityBest: probabilityBest([control, treatment])[0],
        versusControl: null,
      },
      {
        index: 1,
        key: 'treatment',
        exposed: 10,
        converted: 6,
        rate: 0.6,
        valuePerUser: 0.6,
        valueSum: 6,
        valueSumSquares: 6,
        unexposedConversions: 1,
        expectedLoss: expectedLoss([control, treatment])[1],
        probabilityBest: probabilityBest([control, treatment])[1],
        versusControl: {
          chanceToBeatControl: chanceToBeatControl(control, treatment),
          uplift: { mean: uplift.mean, lower: uplift.lower, upper: uplift.upper, level: 0.95 },
          confidenceSequence: confidenceSequence(control, treatment, { weights: [0.5, 0.5] }),
        },
      },
    ]);
    expect(buy!.variations[1]!.versusControl!.chanceToBeatControl).toBeGreaterThan(0.9);
    // 10 users per variation are far from the stop rule's 100.
    expect(buy!.stop).toEqual({ stop: false, reason: null, leader: 1 });
    const last = buy!.history.at(-1)!;
    expect(last).toMatchObject({ exposed: [10, 10], converted: [3, 6] });
    expect(last.confidenceSequences).toEqual([
      null,
      buy!.variations[1]!.versusControl!.confidenceSequence,
    ]);
    expect(body.history.at(-1)?.exposed).toEqual([10, 10]);

    // One metric asked for, by name.
    const only = await results('checkout', '?metric=buy&phase=1');
    expect(only.metrics.map((m) => m.metric)).toEqual(['buy']);
    const other = await results('checkout', '?metric=signup');
    expect(other.metrics[0]?.variations.map((v) => v.converted)).toEqual([0, 0]);
  });

  it('flags a sample ratio mismatch, but not before every variation has 8 users', async () => {
    await startExperiment('skewed');
    const clients: Record<string, Delta[][]> = {};
    for (let n = 0; n < 40; n++) clients[`skew-control-${n}`] = [[exposure('skewed', 0)]];
    for (let n = 0; n < 7; n++) clients[`skew-treatment-${n}`] = [[exposure('skewed', 1)]];
    await send(clients);
    await pushShards('demo');
    const early = await results('skewed');
    expect(early.srm.pValue).toBeLessThan(0.001);
    expect(early.srm).toMatchObject({ checked: false, mismatch: false });

    await send({ 'skew-treatment-7': [[exposure('skewed', 1)]] });
    await pushShards('demo');
    const late = await results('skewed');
    expect(late.variations.map((v) => v.exposed)).toEqual([40, 8]);
    // χ² = 2 · (40 − 24)² / 24 ≈ 21.3 with one degree of freedom: p ≈ 3.9e-6.
    expect(late.srm.pValue).toBeCloseTo(3.87e-6, 7);
    expect(late.srm).toMatchObject({ checked: true, mismatch: true });
  });

  it('holds the numbers against the configured weights, not an even split', async () => {
    await startExperiment('uneven', { weights: [0.8, 0.2] });
    const clients: Record<string, Delta[][]> = {};
    for (let n = 0; n < 32; n++) clients[`uneven-control-${n}`] = [[exposure('uneven', 0)]];
    for (let n = 0; n < 8; n++) clients[`uneven-treatment-${n}`] = [[exposure('uneven', 1)]];
    await send(clients);
    await pushShards('demo');
    const body = await results('uneven');
    expect(body.weights).toEqual([0.8, 0.2]);
    expect(body.srm).toMatchObject({ pValue: 1, checked: true, mismatch: false });
  });

  it('answers 400 naming phase or metric, and 404 for an unknown experiment', async () => {
    await startExperiment('asked');
    for (const [query, path] of [
      ['?phase=2', 'phase'],
      ['?phase=one', 'phase'],
      ['?metric=no%20spaces', 'metric'],
    ]) {
      const res = await call(`${BASE}/asked/results${query}`, { headers: admin() });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'invalid_body', issues: [{ path }] },
      });
    }
    const missing = await call(`${BASE}/nothing-here/results`, { headers: admin() });
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
    const publishable = await call(`${BASE}/asked/results`, {
      headers: { 'x-crowdbandit-key': 'pk_demo_test' },
    });
    expect(publishable.status).toBe(401);
    await publishable.body?.cancel();
  });

  it('shows the history point by point: a row when the numbers change, one per minute', async () => {
    await startExperiment('history');
    const stub = env.PRIORS.getByName('demo');
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    const push = (shard: number, at: number, rows: [number, string, number, number][]) =>
      runInDurableObject(stub, (_: PriorsAggregator, state) =>
        mergeExperimentRows(
          state.storage.sql,
          shard,
          rows.map(([variation, metric, users, sum]) => [
            'history',
            1,
            variation,
            metric,
            users,
            sum,
            sum * sum,
            0,
          ]),
          at,
        ),
      );
    await push(0, t0, [
      [0, '', 100, 0],
      [1, '', 100, 0],
      [0, 'buy', 10, 10_000],
      [1, 'buy', 10, 10_000],
    ]);
    // Same minute: replaces its rows (they carry the minute's start).
    await push(0, t0 + 10_000, [
      [0, '', 110, 0],
      [1, '', 100, 0],
      [0, 'buy', 10, 10_000],
      [1, 'buy', 12, 12_000],
    ]);
    // Another shard, two minutes on: the merged numbers are the sum over shards.
    await push(1, t0 + 120_000, [
      [1, '', 50, 0],
      [1, 'buy', 20, 20_000],
    ]);
    // Nothing changed: no row.
    await push(1, t0 + 240_000, [
      [1, '', 50, 0],
      [1, 'buy', 20, 20_000],
    ]);

    const body = await results('history');
    const [buy] = body.metrics;
    expect(buy!.history.map(({ at, exposed, converted }) => ({ at, exposed, converted }))).toEqual([
      { at: t0, exposed: [110, 100], converted: [10, 12] },
      { at: t0 + 120_000, exposed: [110, 150], converted: [10, 32] },
    ]);
    expect(buy!.history[1]!.confidenceSequences[1]).toEqual(
      confidenceSequence({ s: 10, f: 100 }, { s: 32, f: 118 }, { weights: [0.5, 0.5] }),
    );
    // Narrower as users come in.
    const widths = buy!.history.map(
      (p) => p.confidenceSequences[1]!.upper - p.confidenceSequences[1]!.lower,
    );
    expect(widths[1]).toBeLessThan(widths[0]!);
    expect(body.history).toEqual([
      { at: t0, exposed: [110, 100] },
      { at: t0 + 120_000, exposed: [110, 150] },
    ]);
  });

  it('keeps history 90 days, thinned to the last row of each hour after a day', async () => {
    const stub = env.PRIORS.getByName('fading');
    const now = Date.now();
    const hour = Math.floor((now - 3 * 24 * 3_600_000) / 3_600_000) * 3_600_000;
    const kept = await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      const insert = (at: number, exposed: number) =>
        sql.exec("INSERT INTO exp_history VALUES ('old', 1, 0, '', ?, ?, 0)", at, exposed);
      insert(now - EXPERIMENT_HISTORY_MS - 1, 1);
      insert(hour + 60_000, 2);
      insert(hour + 120_000, 3);
      insert(hour + 3_600_000 + 60_000, 4);
      insert(now - 120_000, 5);
      insert(now - 60_000, 6);
      pruneExperimentHistory(sql, now);
      return sql
        .exec<{ exposed: number }>(
          "SELECT exposed FROM exp_history WHERE experiment = 'old' ORDER BY at",
        )
        .toArray()
        .map((r) => r.exposed);
    });
    expect(kept).toEqual([3, 4, 5, 6]);
  });
});
