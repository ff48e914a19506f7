import { addDispersion, createRng, type DispersionSums, NO_DISPERSION } from '@crowdbandit/core';
import { userRates } from '../community/community-world.ts';
import { type EdgeKappaOptions, kappaTerm, publishKappa } from '../community/edge-merge.ts';
import type { CrowdWorld } from './crowd-worlds.ts';

/** κ estimated from a world's users when nothing adapts what they are shown. */
export interface FixedExposureKappa {
  /** Impressions of every item per user. */
  readonly per_item: number;
  readonly kappa: number;
  readonly source: string;
  readonly rho: number | null;
  readonly items_with_own_kappa: number;
}

/**
 * The κ a world's users imply: 1/ρ − 1 with ρ the share of an item's click variance between
 * users (within a taste cohort Beta(κm, κ(1 − m)), plus the spread of the cohorts' means),
 * averaged over the items.
 *
 * @example
 * impliedKappa({ ...world, tastes: undefined }); // ≈ world.concentration
 */
export function impliedKappa(world: CrowdWorld): number {
  const tastes = world.tastes ?? [Array.from(world.itemRates)];
  let rho = 0;
  for (let i = 0; i < world.itemRates.length; i++) {
    const means = tastes.map((t) => t[i]!);
    const m = means.reduce((a, b) => a + b, 0) / means.length;
    const within =
      means.reduce((sum, mc) => sum + (mc * (1 - mc)) / (world.concentration + 1), 0) /
      means.length;
    const between = means.reduce((sum, mc) => sum + (mc - m) ** 2, 0) / means.length;
    rho += (within + between) / (m * (1 - m));
  }
  rho /= world.itemRates.length;
  return (1 - rho) / rho;
}

/**
 * κ as the edge would estimate it (the same sums and decisionKappa) if every user of the
 * world had seen every item exactly `perItem` times — exposures that do not depend on what
 * the user clicked, unlike Thompson sampling's. A check of the estimator apart from the
 * adaptive sampling of a bandit.
 *
 * @example
 * fixedExposureKappa(world, 200, 1, EDGE_DEFAULTS.kappa).kappa; // ≈ 2000 on the homogeneous world
 */
export function fixedExposureKappa(
  world: CrowdWorld,
  perItem: number,
  seed: number,
  options: EdgeKappaOptions,
): FixedExposureKappa {
  const items = world.itemRates.length;
  const rates = userRates({ ...world, seed });
  const rng = createRng(seed);
  const sums: DispersionSums[] = new Array(items).fill(NO_DISPERSION);
  for (let u = 0; u < rates.length / items; u++) {
    for (let i = 0; i < items; i++) {
      const p = rates[u * items + i]!;
      let clicks = 0;
      for (let t = 0; t < perItem; t++) if (rng() < p) clicks += 1;
      const term = kappaTerm(
        clicks,
        perItem - clicks,
        options.maxClientWeight,
        options.minClientWeight,
      );
      if (term.k > 0) sums[i] = addDispersion(sums[i]!, term);
    }
  }
  const k = publishKappa(sums, options);
  return {
    per_item: perItem,
    kappa: k.value,
    source: k.source,
    rho: k.rho,
    items_with_own_kappa: k.arms.size,
  };
}
