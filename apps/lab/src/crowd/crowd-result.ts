// Internal: the keys of crowd.json that the in-process crowd study writes, as the report and
// BENCHMARKS.md read them. Numbers that JSON cannot hold (an unbounded W) are null.
import type { KappaSource } from '@crowdbandit/core';
import type { Estimate } from '../stats.ts';
import type { FixedExposureKappa } from './kappa-check.ts';

/** A ratio of regret alone ÷ with priors over the newcomers' first `checkpoint` decisions. */
export interface RatioKey extends Estimate {
  readonly checkpoint: number;
  readonly seeds: number;
  readonly target: number;
  readonly pass: boolean;
  /** What was compared, in words. */
  readonly config: string;
}

/** The cohort world's ratio, with its worst seed ("never worse than alone"). */
export interface CohortRatioKey extends RatioKey {
  readonly worst_seed: number;
  readonly never_worse_than_alone: boolean;
}

/** A configuration's ratio on both worlds (at 100 decisions, and at 1,000 where reached). */
export interface WorldRatios {
  readonly homogeneous: Estimate | null;
  readonly cohorts: Estimate | null;
  readonly homogeneous_1000: Estimate | null;
  readonly cohorts_1000: Estimate | null;
  /** At the horizon, when a run played newcomers beyond 1,000 decisions (`--horizon`). */
  readonly late: {
    readonly checkpoint: number;
    readonly homogeneous: Estimate | null;
    readonly cohorts: Estimate | null;
  } | null;
  readonly seeds: number;
}

export interface CapRow extends WorldRatios {
  readonly cap: number;
}

export interface BestCap extends Estimate {
  readonly cap: number;
  readonly seeds: number;
}

export interface WeightRow extends WorldRatios {
  /** null: unbounded. */
  readonly max_weight_per_client: number | null;
  /** Points one hostile client moves the mature arm by (unbounded: an hour of the old cap of 100). */
  readonly single_client_shift_pts: number;
  /** The most ids per address and hour for which 500 identities move it ≤ 1 point; null: unbounded. */
  readonly max_ids_per_hour: number | null;
  /** The shift of 500 identities at that many ids per hour (unbounded: the old edge, no limit). */
  readonly sybil_shift_pts: number;
}

export interface VariantRow extends WorldRatios {
  readonly id: string;
  readonly label: string;
  readonly max_weight_per_client: number | null;
  readonly kappa: Readonly<Record<string, number | null>>;
}

/** κ the edge would publish when one arrival cohort comes, over the seeds. */
export interface KappaPoint {
  readonly cohort: number;
  readonly round: number;
  readonly users: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Seeds per source of the decision's κ. */
  readonly sources: Readonly<Partial<Record<KappaSource, number>>>;
  /** Items with a κ of their own, mean over seeds. */
  readonly items_with_own_kappa: number;
  /** The lowest such κ, median over the seeds that have one; null: none. */
  readonly lowest_item_kappa: number | null;
}

/** The bounds the study derives from the hostile-shift targets, beside the edge's defaults. */
export interface ChosenBounds {
  readonly rule: string;
  readonly max_weight_per_client: number;
  readonly ids_per_address_per_hour: number;
  readonly single_client_shift_pts: number;
  readonly sybil_shift_pts: number;
  readonly edge_defaults: {
    readonly max_weight_per_client: number;
    readonly kappa: Readonly<Record<string, number | null>>;
  };
  readonly matches_edge_default_weight: boolean;
}

/** The in-process crowd study's part of crowd.json. */
/** The sample the worlds' item rates came from. */
export interface CrowdData {
  readonly attribution: string;
  readonly campaign: string;
  readonly items: number;
}

export interface InProcessCrowdKeys {
  /**
   * The sample the OBD-like worlds came from; null when the worlds were given (not from a
   * sample); absent in crowd.json files written before the key existed.
   */
  readonly data?: CrowdData | null;
  readonly newcomer_regret_ratio_default: RatioKey;
  readonly cohort_regret_ratio_default: CohortRatioKey;
  /** The defaults on both worlds, at 100 and 1,000 decisions. */
  readonly default_ratios: WorldRatios;
  readonly best_fixed_cap_ratio: { readonly homogeneous: BestCap; readonly cohorts: BestCap };
  readonly fixed_cap_sweep: readonly CapRow[];
  readonly weight_sweep: readonly WeightRow[];
  readonly variants: readonly VariantRow[];
  readonly chosen_bounds: ChosenBounds;
  readonly kappa_over_time: {
    readonly homogeneous: readonly KappaPoint[];
    readonly cohorts: readonly KappaPoint[];
  };
  /** The estimator on the same users with exposures that do not adapt, against the κ they imply. */
  readonly kappa_fixed_exposure: Readonly<
    Record<
      'homogeneous' | 'cohorts',
      { readonly implied: number; readonly estimates: readonly FixedExposureKappa[] }
    >
  >;
  readonly newcomer_regret: Readonly<
    Record<
      'homogeneous' | 'cohorts',
      {
        readonly alone: readonly (Estimate | null)[];
        readonly default: readonly (Estimate | null)[];
      }
    >
  >;
  readonly crowd_study: {
    readonly checkpoints: readonly number[];
    readonly horizon: number;
    readonly seeds: number;
    readonly sweep_seeds: number;
    readonly edge_defaults: Readonly<Record<string, unknown>>;
    readonly worlds: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}
