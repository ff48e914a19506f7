import { EDGE_DEFAULTS, type EdgeKappaOptions } from '../community/edge-merge.ts';
import { type CrowdMerge, fixedCap } from '../community/in-process-backend.ts';
import { figure } from '../format.ts';
import type { CrowdConfig } from './crowd-study.ts';

/** What the crowd study sweeps, and with how many seeds. */
export interface CrowdPlan {
  /** Seeds of the headline comparison (alone, the defaults, the recommendation). */
  readonly seeds: number;
  /** Seeds of every other configuration (sweeps, variants). */
  readonly sweepSeeds: number;
  /** Fixed caps on the prior's strength (the merge before wave 2: unbounded totals). */
  readonly caps: readonly number[];
  /** W, the per-client bound, with every other option at its default; Infinity: unbounded. */
  readonly weights: readonly number[];
}

/** A variant of the defaults that the study proposes or compares. */
export interface CrowdVariant {
  readonly id: string;
  readonly label: string;
  readonly maxWeightPerClient: number;
  readonly kappa: EdgeKappaOptions;
}

/** The weight of one client's κ term that the study proposes as a minimum (see README). */
export const PROPOSED_MIN_CLIENT_WEIGHT = 10;

export const weightLabel = (w: number) => (Number.isFinite(w) ? figure(w) : '∞');
const weightId = (w: number) => (Number.isFinite(w) ? String(w) : 'inf');

/**
 * The variants of the defaults the study measures beside them, at the bound `w` chosen for
 * hostile clients: the first is the recommendation (κ statistics only from clients with at
 * least 10 events on the item); then per-item κ switched off at `w` and at the default W,
 * for comparison.
 *
 * @example
 * proposedVariants(10)[0].id; // 'w10-min-weight-10'
 */
export function proposedVariants(w: number): CrowdVariant[] {
  const base = EDGE_DEFAULTS.kappa;
  const noArms = { ...base, minClientsPerArm: Number.POSITIVE_INFINITY };
  const variants: CrowdVariant[] = [
    {
      id: `w${weightId(w)}-min-weight-${PROPOSED_MIN_CLIENT_WEIGHT}`,
      label: `W = ${weightLabel(w)}, κ statistics from users with ≥ ${PROPOSED_MIN_CLIENT_WEIGHT} events on the item`,
      maxWeightPerClient: w,
      kappa: { ...base, minClientWeight: PROPOSED_MIN_CLIENT_WEIGHT },
    },
    {
      id: `w${weightId(w)}-no-item-kappa`,
      label: `W = ${weightLabel(w)}, no κ per item (minClientsPerArm ∞)`,
      maxWeightPerClient: w,
      kappa: noArms,
    },
  ];
  if (w !== EDGE_DEFAULTS.maxWeightPerClient) {
    variants.push({
      id: `w${weightId(EDGE_DEFAULTS.maxWeightPerClient)}-min-weight-${PROPOSED_MIN_CLIENT_WEIGHT}`,
      label: `W = ${weightLabel(EDGE_DEFAULTS.maxWeightPerClient)}, κ statistics from users with ≥ ${PROPOSED_MIN_CLIENT_WEIGHT} events on the item`,
      maxWeightPerClient: EDGE_DEFAULTS.maxWeightPerClient,
      kappa: { ...base, minClientWeight: PROPOSED_MIN_CLIENT_WEIGHT },
    });
  }
  return variants;
}

/** The merge of a variant: no maxPriorStrength, its W and κ options. */
export function variantMerge(v: CrowdVariant): CrowdMerge {
  return {
    maxPriorStrength: Number.POSITIVE_INFINITY,
    maxWeightPerClient: v.maxWeightPerClient,
    kappa: v.kappa,
  };
}

/**
 * Every configuration of the study: alone; the defaults (learned κ, W as the edge's, no
 * maxPriorStrength); each fixed cap with unbounded totals; each W with the other defaults;
 * and the variants (the first, the recommendation, with the headline seeds).
 *
 * @example
 * const configs = crowdConfigs(plan, proposedVariants(10));
 */
export function crowdConfigs(plan: CrowdPlan, variants: readonly CrowdVariant[]): CrowdConfig[] {
  const configs: CrowdConfig[] = [
    {
      id: 'alone',
      label: 'alone, Beta(1, 1)',
      merge: { maxPriorStrength: null },
      seeds: plan.seeds,
    },
    {
      id: 'default',
      label: `defaults: learned κ, W = ${weightLabel(EDGE_DEFAULTS.maxWeightPerClient)}, no maxPriorStrength`,
      merge: { maxPriorStrength: Number.POSITIVE_INFINITY },
      seeds: plan.seeds,
    },
  ];
  for (const cap of plan.caps) {
    configs.push({
      id: capId(cap),
      label: `fixed cap ${figure(cap)}, unbounded totals`,
      merge: fixedCap(cap),
      seeds: plan.sweepSeeds,
    });
  }
  for (const w of plan.weights) {
    if (w === EDGE_DEFAULTS.maxWeightPerClient) continue;
    configs.push({
      id: weightConfigId(w),
      label: `learned κ, W = ${weightLabel(w)}`,
      merge: { maxPriorStrength: Number.POSITIVE_INFINITY, maxWeightPerClient: w },
      seeds: plan.sweepSeeds,
    });
  }
  variants.forEach((v, i) => {
    configs.push({
      id: v.id,
      label: v.label,
      merge: variantMerge(v),
      seeds: i === 0 ? plan.seeds : plan.sweepSeeds,
    });
  });
  return configs;
}

/** The id of a fixed-cap configuration. */
export const capId = (cap: number) => `cap-${cap}`;

/** The id of the configuration with bound `w` and the other defaults. */
export const weightConfigId = (w: number) =>
  w === EDGE_DEFAULTS.maxWeightPerClient ? 'default' : `w-${weightId(w)}`;
