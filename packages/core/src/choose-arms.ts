import type { ArmTable } from './arm-table.ts';
import type { ChosenArm } from './choose.ts';
import type { ResolvedDecision } from './decision.ts';
import { CrowdbanditError, describeValue } from './errors.ts';
import type { PosteriorSlot } from './rank.ts';

/**
 * The arms of a `choose` decision that may be chosen now: all of them, or those of
 * `available` (in the decision's order). Throws for an unknown arm.
 */
export function availableArms(d: ResolvedDecision, available: unknown): readonly string[] {
  if (available === undefined) return d.arms;
  if (!Array.isArray(available)) {
    throw new CrowdbanditError(
      'invalid_option',
      `available must be an array of arm ids, got ${describeValue(available)}`,
      'available',
    );
  }
  for (const arm of available) {
    if (!d.armSet.has(arm)) {
      throw new CrowdbanditError(
        'unknown_arm',
        `available: ${describeValue(arm)} is not an arm of ${d.name} (${d.arms.join(', ')})`,
        'available',
      );
    }
  }
  const allowed = new Set(available);
  return d.arms.filter((arm) => allowed.has(arm));
}

/** The decision's fallback arm at its posterior mean, when nothing can be drawn. */
export function fallbackArm(d: ResolvedDecision, table: ArmTable): ChosenArm {
  return meanArm(table, d.fallback!, 1);
}

/**
 * The baseline's choice: the first k of `arms` (in the decision's order) with the fallback
 * moved to the front, at their posterior means, with equal weights.
 */
export function baselineArms(
  d: ResolvedDecision,
  arms: readonly string[],
  table: ArmTable,
  k: number,
): ChosenArm[] {
  const order = arms.includes(d.fallback!)
    ? [d.fallback!, ...arms.filter((arm) => arm !== d.fallback)]
    : arms;
  const picked = order.slice(0, k);
  return picked.map((arm) => meanArm(table, arm, 1 / picked.length));
}

function meanArm(table: ArmTable, arm: string, weight: number): ChosenArm {
  const slot: PosteriorSlot = { alpha: 1, beta: 1, source: 'base', community: null };
  table.posterior(arm, slot);
  const mean = slot.alpha / (slot.alpha + slot.beta);
  return {
    id: arm,
    weight,
    theta: mean,
    mean,
    alpha: slot.alpha,
    beta: slot.beta,
    prior: slot.source,
    community: slot.community,
  };
}
