import { describe, expect, it } from 'vitest';
import type { CommunityBackend } from './backend.ts';
import { summariseNewcomers } from './community-summary.ts';
import type { CommunityWorld } from './community-world.ts';
import { userRates } from './community-world.ts';
import { createInProcessBackend } from './in-process-backend.ts';
import { defaultCheckpoints, runCommunity } from './run-community.ts';

const world: CommunityWorld = {
  itemRates: [0.2, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05],
  concentration: 200,
  cohorts: 3,
  usersPerCohort: 20,
  arrivalGap: 50,
  decisionsPerUser: 200,
  refreshEvery: 10,
  seed: 4,
};

describe('runCommunity', () => {
  it('faces the same users whatever the backend', () => {
    expect([...userRates(world)]).toEqual([...userRates({ ...world })]);
    expect(userRates({ ...world, seed: 5 })).not.toEqual(userRates(world));
  });

  it('asks each user for exactly decisionsPerUser decisions and refreshes on schedule', async () => {
    let joins = 0;
    let decisions = 0;
    let refreshes = 0;
    const backend: CommunityBackend = {
      join() {
        joins += 1;
        return {
          choose() {
            decisions += 1;
            return 0;
          },
          feedback() {},
        };
      },
      refresh() {
        refreshes += 1;
      },
    };
    const result = await runCommunity(world, backend);
    expect(joins).toBe(60);
    expect(decisions).toBe(60 * 200);
    // Rounds 0 .. (cohorts − 1) × gap + decisions − 1 = 299, every 10th.
    expect(refreshes).toBe(30);
    expect(result.checkpoints).toEqual([10, 100, 200]);
  });

  it('records non-decreasing regret per user and gives newcomers less of it with priors', async () => {
    const alone = await runCommunity(
      world,
      createInProcessBackend({ items: 8, maxPriorStrength: null, seed: 4 }),
    );
    const crowd = await runCommunity(
      world,
      createInProcessBackend({ items: 8, maxPriorStrength: 500, seed: 4 }),
    );
    const c = alone.checkpoints.length;
    for (let u = 0; u < alone.cohort.length; u++) {
      for (let j = 1; j < c; j++)
        expect(alone.regret[u * c + j]).toBeGreaterThanOrEqual(alone.regret[u * c + j - 1]!);
    }
    const a = summariseNewcomers(alone);
    const b = summariseNewcomers(crowd);
    expect(b.regret[1]).toBeLessThan(a.regret[1]! / 2);
  });
});

describe('defaultCheckpoints', () => {
  it('lists powers of ten below the horizon and the horizon', () => {
    expect(defaultCheckpoints(5000)).toEqual([10, 100, 1000, 5000]);
    expect(defaultCheckpoints(1000)).toEqual([10, 100, 1000]);
  });
});
