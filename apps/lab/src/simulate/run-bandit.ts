import { createRng } from '@crowdbandit/core';
import { createPolicy } from '../policies/create-policy.ts';
import type { PolicyName } from '../policies/policy.ts';

/** One simulated run of a policy on a Bernoulli bandit. */
export interface BanditRunOptions {
  readonly rates: ArrayLike<number>;
  readonly policy: PolicyName;
  readonly horizon: number;
  /** Increasing steps at which to record cumulative regret; the last ≤ horizon. */
  readonly checkpoints: ArrayLike<number>;
  readonly seed: number;
}

/**
 * Seed offset of the environment's reward stream, so that the policy's draws and the
 * world's coin flips never share a generator.
 */
export const WORLD_SEED_OFFSET = 1_000_003;

/**
 * Runs `policy` for `horizon` steps and returns the cumulative pseudo-regret
 * Σₜ (μ* − μ_{aₜ}) at each checkpoint: the expected regret of the arms actually played,
 * which has far less variance than realised reward and the same expectation.
 *
 * @example
 * runBandit({ rates: [0.5, 0.4], policy: 'thompson', horizon: 1000, checkpoints: [10, 100, 1000], seed: 1 });
 * // Float64Array [≈0.5, ≈3, ≈6]
 */
export function runBandit(options: BanditRunOptions): Float64Array {
  const { rates, horizon, checkpoints } = options;
  const arms = rates.length;
  const policy = createPolicy(options.policy, arms, createRng(options.seed));
  const world = createRng(options.seed + WORLD_SEED_OFFSET);
  const mu = Float64Array.from(rates);
  let best = 0;
  for (let i = 0; i < arms; i++) best = Math.max(best, mu[i]!);
  const gaps = mu.map((m) => best - m);
  const out = new Float64Array(checkpoints.length);
  let next = 0;
  let regret = 0;
  for (let t = 1; t <= horizon && next < checkpoints.length; t++) {
    const arm = policy.choose();
    policy.update(arm, world() < mu[arm]! ? 1 : 0);
    regret += gaps[arm]!;
    while (next < checkpoints.length && checkpoints[next] === t) out[next++] = regret;
  }
  return out;
}
