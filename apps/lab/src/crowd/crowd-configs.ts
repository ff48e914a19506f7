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

/** The edge's first draft of these defaults, before the study: W = 5, κ terms from n ≥ 2. */
export const FIRST_DRAFT = { maxWeightPerClient: 5, minClientWeight: 2 } as const;

export const weightLabel = (w: number) => (Number.isFinite(w) ? figure(w) : '∞');
const weightId = (w: number) => (Number.isFinite(w) ? String(w) : 'inf');

/**
 * The variants the study measures beside the defaults, to show what each choice is worth:
 * the edge's first draft (W = 5, κ statistics from every user with 2 events on the item, in
 * which Thompson sampling's adaptive exposures bias the spread low), the defaults without κ
 * per item. (W = 10, the largest bound within the single-client target with no margin, is in
 * the W sweep.)
 *
 * @example
 * comparedVariants()[0].id; // 'first-draft'
 */
export function comparedVariants(): CrowdVariant[] {
  const base = EDGE_DEFAULTS.kappa;
  return [
    {
      id: 'first-draft',
      label: `first draft: W = ${FIRST_DRAFT.maxWeightPerClient}, κ statistics from users with ≥ ${FIRST_DRAFT.minClientWeight} events on the item`,
      maxWeightPerClient: FIRST_DRAFT.maxWeightPerClient,
      kappa: { ...base, minClientWeight: FIRST_DRAFT.minClientWeight },
    },
    {
      id: 'no-item-kappa',
      label: `defaults without κ per item (minClientsPerArm ∞)`,
      maxWeightPerClient: EDGE_DEFAULTS.maxWeightPerClient,
      kappa: { ...base, minClientsPerArm: Number.POSITIVE_INFINITY },
    },
  ];
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
 * and the variants (with the sweep's seeds).
 *
 * @example
 * const configs = crowdConfigs(plan, comparedVariants());
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
  for (const v of variants) {
    configs.push({ id: v.id, label: v.label, merge: variantMerge(v), seeds: plan.sweepSeeds });
  }
  return configs;
}

/** The id of a fixed-cap configuration. */
export const capId = (cap: number) => `cap-${cap}`;

/** The id of the configuration with bound `w` and the other defaults. */
export const weightConfigId = (w: number) =>
  w === EDGE_DEFAULTS.maxWeightPerClient ? 'default' : `w-${weightId(w)}`;
