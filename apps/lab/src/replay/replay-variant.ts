import type { Rng } from '@crowdbandit/core';
import { createPolicy } from '../policies/create-policy.ts';
import type { Policy, PolicyName } from '../policies/policy.ts';
import { createThompson } from '../policies/thompson.ts';

/** A policy to evaluate offline, possibly with priors (plain data, so it can cross threads). */
export interface ReplayVariant {
  readonly id: string;
  readonly label: string;
  readonly policy: PolicyName;
  /** Thompson sampling only: Beta priors per item instead of Beta(1, 1). */
  readonly priors?: { readonly alpha: readonly number[]; readonly beta: readonly number[] };
}

/**
 * Monte Carlo rounds for Thompson sampling's action probabilities in IPS: 500 keeps the
 * standard error of each probability under 0.023, and IPS averages thousands of them.
 */
export const REPLAY_PROBABILITY_DRAWS = 500;

/**
 * A fresh policy for a variant.
 *
 * @example
 * const policy = policyFor({ id: 'ts', label: 'Thompson', policy: 'thompson' }, 34, createRng(1));
 */
export function policyFor(variant: ReplayVariant, items: number, rng: Rng): Policy {
  if (variant.policy === 'thompson') {
    return createThompson(items, rng, variant.priors, REPLAY_PROBABILITY_DRAWS);
  }
  return createPolicy(variant.policy, items, rng);
}
