import { fileURLToPath } from 'node:url';
import { startLocalEdge } from '@crowdbandit/edge/local';
import { figure } from '../format.ts';
import type { CrowdRowProducer } from './crowd-rows.ts';
import { floodOf, matureArms, singleClientAttack, sybilAttack } from './edge-attack.ts';
import { CROWD_APP, crowdEdge } from './edge-client.ts';
import { type KappaRun, publishedKappa } from './edge-kappa.ts';

const SYBIL_TARGET = 1.0;
const SINGLE_TARGET = 0.25;
const KAPPA_TARGET = 0.25;
const KAPPAS = [10, 100, 1000] as const;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The rows of crowd.json that need the real edge in workerd (apps/lab/edge/wrangler.crowd.jsonc,
 * every option at its default): how far 500 identities from one address and one hostile
 * client over an hour move a mature arm's published mean, and how close the published κ
 * comes to the κ of simulated users.
 *
 * @example
 * const producers = [...crowdProducers(), edgeCrowdRows];
 */
export const edgeCrowdRows: CrowdRowProducer = async (context) => {
  const started = performance.now();
  const local = await startLocalEdge({ config: fileURLToPath(CROWD_APP.config) });
  try {
    const edge = crowdEdge(local.url);
    const bound = (await edge.snapshot('mature')).maxWeightPerClient ?? Number.POSITIVE_INFINITY;
    const mature = await matureArms(edge, bound);
    context.log(
      `edge: mature arms of ${figure(mature.events)} events from ${figure(mature.honestClients)} honest clients at 50% (W = ${figure(bound)})`,
    );
    const sybil = await sybilAttack(edge, mature);
    context.log(
      `edge: 500 identities asked from one address: ${sybil.identities_issued} signed, ${sybil.unsigned_refused} of ${sybil.unsigned_sent} unsigned batches refused; mean ${sybil.before.toFixed(3)}% → ${sybil.after.toFixed(3)}%${sybil.alert ? ', sudden-shift alert fired' : ''}`,
    );
    const single = await singleClientAttack(edge, mature, floodOf(sybil));
    context.log(
      `edge: one hostile client, 60 batches of 1e6 successes: mean ${single.before.toFixed(3)}% → ${single.after.toFixed(3)}%`,
    );
    const world = context.quick
      ? { clients: 500, arms: 10, eventsPerArm: 200 }
      : { clients: 500, arms: 20, eventsPerArm: 200 };
    const seeds = context.quick ? 1 : 3;
    const runs: KappaRun[] = [];
    let nextAddress = 100_000;
    for (const kappa of KAPPAS) {
      for (let seed = 1; seed <= seeds; seed++) {
        const run = await publishedKappa(edge, world, kappa, seed, nextAddress);
        nextAddress += world.clients;
        runs.push(run);
        context.log(
          `edge: κ = ${kappa}, seed ${seed}: published ${figure(run.published)} (${run.source}), error ${(run.relative_error * 100).toFixed(1)}%`,
        );
      }
    }
    const byKappa = Object.fromEntries(
      KAPPAS.map((kappa) => {
        const mine = runs.filter((r) => r.kappa === kappa);
        return [
          String(kappa),
          {
            median_published: median(mine.map((r) => r.published)),
            median_relative_error: median(mine.map((r) => r.relative_error)),
            runs: mine,
          },
        ];
      }),
    );
    const kappaError = Math.max(...Object.values(byKappa).map((k) => k.median_relative_error));
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    return {
      keys: {
        sybil_shift_pts: { value: sybil.shift_pts, target: SYBIL_TARGET, ...sybil, mature },
        single_client_shift_pts: { value: single.shift_pts, target: SINGLE_TARGET, ...single },
        kappa_estimate_error: {
          value: kappaError,
          target: KAPPA_TARGET,
          world,
          seeds,
          by_kappa: byKappa,
        },
        edge_seconds: (performance.now() - started) / 1000,
      },
      acceptance: [
        `ACCEPTANCE 500 identities from one address move a mature arm (${figure(mature.events)} events, ${figure(mature.honestClients)} clients at 50%) by ≤ ${SYBIL_TARGET} point through the real edge: ${sybil.shift_pts.toFixed(3)} pts (${sybil.identities_issued} ids signed) → ${pass(sybil.shift_pts <= SYBIL_TARGET)}`,
        `ACCEPTANCE one hostile client over an hour moves it by ≤ ${SINGLE_TARGET} point: ${single.shift_pts.toFixed(3)} pts → ${pass(single.shift_pts <= SINGLE_TARGET)}`,
        `ACCEPTANCE the published κ at ${world.clients} clients is within ${KAPPA_TARGET * 100}% of the users' κ (worst median of ${seeds} seed${seeds === 1 ? '' : 's'}): ${KAPPAS.map((k) => `κ ${k}: ${(byKappa[String(k)]!.median_relative_error * 100).toFixed(1)}%`).join(', ')} → ${pass(kappaError <= KAPPA_TARGET)}`,
      ],
    };
  } finally {
    await local.dispose();
  }
};
