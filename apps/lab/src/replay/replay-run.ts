import { createRng } from '@crowdbandit/core';
import { policyFor, type ReplayVariant } from './replay-variant.ts';

/** The columns of a logged-decision log that replay needs (plain data). */
export interface ReplayLog {
  readonly items: number;
  readonly item: Int32Array;
  readonly click: Uint8Array;
  readonly propensity: Float64Array;
}

/** What one pass over a log estimates. */
export interface ReplayEstimates {
  /** Li et al. replay: clicks / matched decisions. */
  readonly replay: number;
  readonly matched: number;
  readonly clicks: number;
  /** IPS: (1/n) Σ π(aₜ) rₜ / pₜ. */
  readonly ips: number;
  /** Self-normalised IPS: Σ π(aₜ) rₜ / pₜ ÷ Σ π(aₜ) / pₜ. */
  readonly snips: number;
}

/**
 * One pass of a learning policy over a uniformly random log (rows in time order; `rows`
 * picks and orders them, e.g. a bootstrap resample). Each row is one logged decision: the
 * policy chooses among all items; when its choice equals the logged item, the row counts
 * for replay (Li, Chu, Langford & Wang 2010) and the policy learns its click, otherwise the
 * row is skipped. Along the same trajectory, IPS and SNIPS weigh every row by the policy's
 * current probability of the logged item over the logging propensity, so they use all rows.
 *
 * @example
 * const estimates = replayPass(log, { id: 'ts', label: 'Thompson', policy: 'thompson' }, allRows, 1);
 */
export function replayPass(
  log: ReplayLog,
  variant: ReplayVariant,
  rows: Int32Array,
  seed: number,
): ReplayEstimates {
  const policy = policyFor(variant, log.items, createRng(seed));
  const probabilities = new Float64Array(log.items);
  let stale = true;
  let matched = 0;
  let clicks = 0;
  let weighted = 0;
  let weights = 0;
  for (const r of rows) {
    const logged = log.item[r]!;
    const click = log.click[r]!;
    if (stale) {
      policy.probabilities(probabilities);
      stale = false;
    }
    const w = probabilities[logged]! / log.propensity[r]!;
    weighted += w * click;
    weights += w;
    if (policy.choose() === logged) {
      matched += 1;
      clicks += click;
      policy.update(logged, click);
      stale = true;
    }
  }
  return {
    replay: matched === 0 ? Number.NaN : clicks / matched,
    matched,
    clicks,
    ips: weighted / rows.length,
    snips: weights === 0 ? Number.NaN : weighted / weights,
  };
}

/**
 * Row indices for replicate `b`: replicate 0 is the log itself; the others are bootstrap
 * resamples (n rows drawn with replacement), sorted so that time order is kept.
 *
 * @example
 * bootstrapRows(10_000, 0, 1); // 0, 1, …, 9999
 */
export function bootstrapRows(rows: number, b: number, seed: number): Int32Array {
  const out = new Int32Array(rows);
  if (b === 0) {
    for (let i = 0; i < rows; i++) out[i] = i;
    return out;
  }
  const rng = createRng(seed * 100_003 + b);
  for (let i = 0; i < rows; i++) out[i] = Math.floor(rng() * rows);
  return out.sort();
}
