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

  it('draws each taste cohort around its own means', () => {
    const tastes = [
      [0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
      [0.1, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1],
    ];
    const rates = userRates({ ...world, concentration: 1e6, tastes });
    for (let u = 0; u < 60; u++) {
      expect(rates[u * 8 + (u % 2)]).toBeCloseTo(0.9, 2);
      expect(rates[u * 8 + 1 - (u % 2)]).toBeCloseTo(0.1, 2);
    }
  });

  it('plays exactly the first rounds of the whole run when cut short', async () => {
    const crowd = () => createInProcessBackend({ items: 8, maxPriorStrength: Infinity, seed: 4 });
    const whole = await runCommunity(world, crowd());
    // Cohort 3 arrives at round 100 and has made 100 decisions by round 200.
    const cut = await runCommunity(world, crowd(), whole.checkpoints, 200);
    const c = whole.checkpoints.length;
    for (let u = 0; u < 60; u++) {
      for (let j = 0; j < c; j++) {
        const reached = Math.floor(u / 20) * 50 + whole.checkpoints[j]! <= 200;
        expect(cut.regret[u * c + j]).toBe(reached ? whole.regret[u * c + j] : Number.NaN);
      }
    }
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
