// The lab's experiment agreement and rollout through the real SDK (createClient, in-thread
// engine, memory storage) and the real edge in local workerd, against core in process.
import { resolve } from 'node:path';
import { type LocalEdge, startLocalEdge } from '@crowdbandit/edge/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentAdmin } from '../../apps/lab/src/experiment/edge-admin.ts';
import { runEdgeAgreement } from '../../apps/lab/src/experiment/edge-agreement.ts';
import { runRollout } from '../../apps/lab/src/experiment/rollout.ts';
import { loadFilms } from '../../apps/lab/src/metrics/films.ts';

let edge: LocalEdge;

beforeAll(async () => {
  edge = await startLocalEdge({
    config: resolve(import.meta.dirname, '../../apps/lab/edge/wrangler.lab.jsonc'),
  });
});

afterAll(async () => {
  await edge?.dispose();
});

describe('the lab experiment through the SDK and the edge', () => {
  it("answers with core's counts, SRM p-value, sequence and stop on the same users, and flags a dropped half", async () => {
    const rows = await runEdgeAgreement({
      edgeUrl: edge.url,
      admin: experimentAdmin(edge.url),
      experiments: 2,
      users: 40,
      // Half the variant's exposures lost: at 600 users χ² is about 50 (p < 0.001 needs 10.8).
      srmUsers: 600,
      drop: 0.5,
      rate: 0.3,
      lift: 0.5,
      seed: 7,
    });
    expect(rows.map((r) => r.srmInjected)).toEqual([false, true]);
    for (const { edge: e, inProcess: p, ...row } of rows) {
      expect(row.assignmentMismatches).toBe(0);
      expect(e.exposed).toEqual(p.exposed);
      expect(e.converted).toEqual(p.converted);
      expect([e.srmMismatch, e.stop]).toEqual([p.srmMismatch, p.stop]);
      // Bit for bit most of the time; workerd and Node may round the last bit apart.
      for (const [a, b] of [
        [e.srmPValue!, p.srmPValue!],
        [e.sequence.lower, p.sequence.lower],
        [e.sequence.upper, p.sequence.upper],
      ] as const) {
        expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(a), Math.abs(b)));
      }
      expect(row.agree).toBe(true);
    }
    const [clean, injected] = rows;
    expect(clean!.edge.exposed.reduce((a, b) => a + b)).toBe(40);
    expect(clean!.edge.srmMismatch).toBe(false);
    expect(injected!.edge.srmMismatch).toBe(true);
    expect(injected!.edge.srmPValue).toBeLessThan(0.001);
    expect(injected!.edge.exposed[1]).toBeLessThan(0.75 * injected!.edge.exposed[0]!);
  }, 180_000);

  it('rolls the learner out against the baseline: each visitor ranked by their policy, every like counted once', async () => {
    const outcome = await runRollout({
      edgeUrl: edge.url,
      admin: experimentAdmin(edge.url),
      films: loadFilms(),
      users: 30,
      rounds: 4,
      engagedAt: 2,
      coverage: 0.5,
      relevance: 'rating',
      seed: 3,
    });
    expect(outcome.results.variations.map((v) => v.exposed)).toEqual(outcome.sent.exposed);
    expect(outcome.like.variations.map((v) => v.valueSum)).toEqual(outcome.sent.likes);
    expect(outcome.engaged.variations.map((v) => v.converted)).toEqual(outcome.sent.engaged);
    expect(outcome.sent.outside + outcome.sent.exposed[0]! + outcome.sent.exposed[1]!).toBe(30);
    expect(outcome.sent.exposed[0]).toBeGreaterThan(0);
    expect(outcome.sent.exposed[1]).toBeGreaterThan(0);
  }, 180_000);
});
