// The lab's community run through the real SDK (createClient, in-thread engine, memory
// storage) and the real edge in local workerd, against the in-process simulation.
import { resolve } from 'node:path';
import { type LocalEdge, startLocalEdge } from '@crowdbandit/edge/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunityWorld } from '../../apps/lab/src/community/community-world.ts';
import { createInProcessBackend } from '../../apps/lab/src/community/in-process-backend.ts';
import {
  type CommunityRunResult,
  runCommunity,
} from '../../apps/lab/src/community/run-community.ts';
import { createSdkEdgeBackend } from '../../apps/lab/src/community/sdk-edge-backend.ts';

let edge: LocalEdge;

beforeAll(async () => {
  edge = await startLocalEdge({
    config: resolve(import.meta.dirname, '../../apps/lab/edge/wrangler.lab.jsonc'),
  });
});

afterAll(async () => {
  await edge?.dispose();
});

// Three cohorts of twelve users whose tastes differ (κ = 5), arriving 40 decisions apart. A
// user's dozen events on an item go over the default bound of 8 per client, and by the third
// cohort enough users have 10 events on an item (50 user × item pairs) for the edge to
// estimate κ from their spread.
const WORLD: CommunityWorld = {
  itemRates: [0.3, 0.5, 0.2, 0.4, 0.1],
  concentration: 5,
  cohorts: 3,
  usersPerCohort: 12,
  arrivalGap: 40,
  decisionsPerUser: 60,
  refreshEvery: 10,
  seed: 3,
};
const ITEMS = WORLD.itemRates.length;
// Every option at its default: no ceiling, the bound and κ as the edge has them.
const DEFAULTS = Number.POSITIVE_INFINITY;

function newcomersRegret(run: CommunityRunResult): number {
  const last = run.checkpoints.length - 1;
  let sum = 0;
  let count = 0;
  for (let u = 0; u < run.cohort.length; u++) {
    if (run.cohort[u] === 0) continue;
    sum += run.regret[u * run.checkpoints.length + last]!;
    count += 1;
  }
  return sum / count;
}

describe('the community run through the SDK and the edge', () => {
  it('publishes every event once and gives every user the choices of the in-process simulation', async () => {
    const backend = createSdkEdgeBackend({
      items: ITEMS,
      maxPriorStrength: DEFAULTS,
      edgeUrl: edge.url,
      seed: 5,
    });
    const throughEdge = await runCommunity(WORLD, backend);
    await backend.settle();
    const inProcess = createInProcessBackend({ items: ITEMS, maxPriorStrength: DEFAULTS, seed: 5 });
    const simulated = await runCommunity(WORLD, inProcess);
    // The run went past the edge's fallback: enough users had 10 events on an item for the
    // edge to estimate κ from their spread.
    const kappas = inProcess.kappaHistory();
    expect(kappas[0]?.source).toBe('fallback');
    expect(kappas.some((k) => k.source !== 'fallback')).toBe(true);

    const events = WORLD.cohorts * WORLD.usersPerCohort * WORLD.decisionsPerUser;
    expect(backend.counts()).toMatchObject({ sent: events, published: events });
    expect(Array.from(throughEdge.regret)).toEqual(Array.from(simulated.regret));

    const alone = await runCommunity(
      WORLD,
      createSdkEdgeBackend({ items: ITEMS, maxPriorStrength: null, edgeUrl: edge.url, seed: 5 }),
    );
    // Where tastes differ this much the crowd can only help a little, and never hurts.
    expect(newcomersRegret(throughEdge)).toBeLessThan(newcomersRegret(alone));
  }, 180_000);
});
