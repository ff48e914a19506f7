// The crowd bench's check of the κ an edge publishes: simulated users with a known κ, sent
// through the real edge, and the κ it publishes for their decision.
import { createRng, sampleBeta } from '@crowdbandit/core';
import { address, type CrowdEdge } from './edge-client.ts';

/** The published κ of one simulated population. */
export interface KappaRun {
  readonly kappa: number;
  readonly seed: number;
  readonly published: number;
  readonly source: string;
  readonly relative_error: number;
}

/** The population: clients, arms, and events per client and arm. */
export interface KappaWorld {
  readonly clients: number;
  readonly arms: number;
  readonly eventsPerArm: number;
}

/**
 * `world.clients` users, each from an address of their own with a signed id, each with rates
 * p ~ Beta(m·κ, (1 − m)·κ) on every arm (arm means m from 0.2 to 0.6) and Binomial(n, p)
 * successes; one batch per user. Returns the κ the edge publishes for the decision.
 *
 * @example
 * const run = await publishedKappa(edge, { clients: 500, arms: 20, eventsPerArm: 200 }, 100, 1, 0);
 */
export async function publishedKappa(
  edge: CrowdEdge,
  world: KappaWorld,
  kappa: number,
  seed: number,
  firstAddress: number,
): Promise<KappaRun> {
  const decision = `kappa-${kappa}-seed-${seed}`;
  const rng = createRng(seed * 7919 + kappa);
  const means = Array.from({ length: world.arms }, (_, a) => 0.2 + (0.4 * a) / world.arms);
  const batches = Array.from({ length: world.clients }, () =>
    means.map((m, a) => {
      const p = sampleBeta(rng, m * kappa, (1 - m) * kappa);
      let s = 0;
      for (let i = 0; i < world.eventsPerArm; i++) if (rng() < p) s += 1;
      return { decision, context: '', arm: `arm-${a}`, s, f: world.eventsPerArm - s };
    }),
  );
  for (let c = 0; c < world.clients; c += 25) {
    await Promise.all(
      batches.slice(c, c + 25).map(async (deltas, j) => {
        const own = `k${kappa}-s${seed}-${String(c + j).padStart(6, '0')}`;
        const id = await edge.issue(own, address(firstAddress + c + j));
        if (id === null) throw new Error(`user ${c + j} was refused an id`);
        const status = await edge.post({ clientId: id, seq: 1, deltas });
        if (status !== 200) throw new Error(`user ${c + j}'s batch answered ${status}`);
      }),
    );
  }
  await edge.settle(decision, world.clients * world.arms * world.eventsPerArm);
  const published = (await edge.snapshot(decision)).kappa?.[decision];
  if (published === undefined) throw new Error(`no κ published for ${decision}`);
  return {
    kappa,
    seed,
    published: published.value,
    source: published.source,
    relative_error: Math.abs(published.value - kappa) / kappa,
  };
}
