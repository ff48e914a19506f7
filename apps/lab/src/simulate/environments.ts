/** A Bernoulli bandit: one success rate per arm. */
export interface Environment {
  readonly id: string;
  readonly label: string;
  readonly rates: Float64Array;
  /** Where the rates come from, when not synthetic (kept with the results). */
  readonly source?: string;
}

/**
 * K arms with the best at `best` and the others at `best − gap`.
 *
 * @example
 * bernoulliEnvironment('k10-e0.1', 10, 0.5, 0.1).rates; // [0.5, 0.4, 0.4, …]
 */
export function bernoulliEnvironment(
  id: string,
  arms: number,
  best: number,
  gap: number,
): Environment {
  const rates = new Float64Array(arms).fill(best - gap);
  rates[0] = best;
  return {
    id,
    label: `K=${arms}, best ${best}, others ${+(best - gap).toFixed(6)}`,
    rates,
  };
}

/**
 * The synthetic settings: Chapelle & Li (2011) — K ∈ {10, 100}, best 0.5, others 0.5 − ε,
 * ε ∈ {0.1, 0.02} — and a low-rate K = 10 setting (best 0.1, others 0.08).
 *
 * @example
 * SYNTHETIC_ENVIRONMENTS.map((e) => e.id); // ['k10-e0.1', 'k10-e0.02', 'k10-low', 'k100-e0.1', 'k100-e0.02']
 */
export const SYNTHETIC_ENVIRONMENTS: readonly Environment[] = [
  bernoulliEnvironment('k10-e0.1', 10, 0.5, 0.1),
  bernoulliEnvironment('k10-e0.02', 10, 0.5, 0.02),
  bernoulliEnvironment('k10-low', 10, 0.1, 0.02),
  bernoulliEnvironment('k100-e0.1', 100, 0.5, 0.1),
  bernoulliEnvironment('k100-e0.02', 100, 0.5, 0.02),
];

/**
 * What `--envs` calls the OBD-like catalog built from the campaign sample in `--data`; the
 * environment itself is `obd-<campaign>`, e.g. `obd-men` (see obdEnvironment).
 */
export const OBD_ENVIRONMENT = 'obd';

/** The settings the acceptance target (slope ratio ≤ 1.2) applies to. */
export const ACCEPTANCE_ENVIRONMENTS: readonly string[] = ['k10-e0.1', 'k10-e0.02', 'k10-low'];
