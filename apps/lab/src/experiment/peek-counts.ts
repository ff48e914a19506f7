import { assigner, type Split } from './assignment.ts';
import type { Population } from './population.ts';

/** A logging fault: `share` of the exposures of `variation` never reach the counts. */
export interface ExposureDrop {
  readonly variation: number;
  readonly share: number;
}

/** Options of {@link peekCounts}. */
export interface PeekCountsOptions {
  readonly split: Split;
  /** The true conversion rate of each variation. */
  readonly rates: readonly number[];
  /** Users between two looks at the counts. */
  readonly batch: number;
  readonly drop?: ExposureDrop;
}

/**
 * Cumulative counts at each look: row k (after (k + 1)·batch users have arrived, the last
 * row after all of them) holds, per variation v, users exposed at `[k·2V + 2v]` and users
 * who converted at `[k·2V + 2v + 1]`, V the number of variations. Users outside the coverage
 * count nowhere; a dropped exposure loses the user (their conversion too, as when the page
 * that logs the exposure crashes before it).
 *
 * @example
 * const counts = peekCounts(population(1, 10_000), { split, rates: [0.2, 0.2], batch: 100 });
 * counts.length / 4; // 100 looks
 */
export function peekCounts(users: Population, options: PeekCountsOptions): Float64Array {
  const { rates, batch, drop } = options;
  const width = 2 * rates.length;
  const n = users.ids.length;
  const looks = Math.ceil(n / batch);
  const counts = new Float64Array(looks * width);
  const running = new Float64Array(width);
  const variationOf = assigner(options.split);
  for (let i = 0; i < n; i++) {
    const v = variationOf(users.ids[i]!);
    if (v >= 0 && !(drop !== undefined && v === drop.variation && users.drop[i]! < drop.share)) {
      running[2 * v]! += 1;
      if (users.convert[i]! < rates[v]!) running[2 * v + 1]! += 1;
    }
    if ((i + 1) % batch === 0 || i === n - 1) {
      counts.set(running, Math.floor(i / batch) * width);
    }
  }
  return counts;
}

/** The `{ s, f }` counts of variation `v` at look `k` of two-variation counts. */
export function armAt(counts: Float64Array, k: number, v: number): { s: number; f: number } {
  const exposed = counts[4 * k + 2 * v]!;
  const converted = counts[4 * k + 2 * v + 1]!;
  return { s: converted, f: exposed - converted };
}
