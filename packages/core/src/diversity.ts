import type { Candidate } from './candidate.ts';
import type { PlacementRule } from './explanation.ts';
import { cosine } from './vector.ts';

/** Diversity controls applied while picking the top k. */
export interface DiversityOptions {
  /** Maximal marginal relevance: lambda*score - (1-lambda)*max similarity to items above. */
  readonly mmr?: { readonly lambda: number } | undefined;
  /** At most this many items per value of a feature family, e.g. `{ genre: 3 }`. */
  readonly caps?: Readonly<Record<string, number>> | undefined;
  /** Subtracts gamma * log(1+popularity)/log(1+max popularity) from the score. */
  readonly popularityDampening?: number | undefined;
  /** Adds `bonus` to items with popularity ≤ `maxPopularity`. */
  readonly longTail?: { readonly maxPopularity: number; readonly bonus: number } | undefined;
}

/** An index into the candidates with the rule that placed it. */
export interface Pick {
  readonly index: number;
  readonly rule: PlacementRule;
}

/**
 * Picks k of a score-ordered pool under the diversity options: greedy MMR when `mmr` is
 * set, per-family caps when `caps` is set (both may apply). When caps leave slots empty
 * they are filled by score and marked `relaxed`.
 */
export function selectDiverse(
  pool: Int32Array,
  scores: Float64Array,
  candidates: readonly Candidate[],
  k: number,
  diversity: DiversityOptions,
): Pick[] {
  const caps = diversity.caps;
  const capped =
    caps === undefined ? null : Array.from(pool, (i) => cappedFeatures(candidates[i]!, caps));
  const counts = new Map<string, number>();
  const fits = (p: number) =>
    capped === null || capped[p]!.every((f) => (counts.get(f) ?? 0) < caps![family(f)]!);
  const take = (p: number) => {
    if (capped !== null) for (const f of capped[p]!) counts.set(f, (counts.get(f) ?? 0) + 1);
  };
  const picks: Pick[] = [];
  const left: number[] = [];
  const lambda = diversity.mmr?.lambda;

  if (lambda === undefined) {
    // Caps only tighten as items are picked, so one pass in score order equals the greedy
    // "best remaining item within the caps".
    for (let p = 0; p < pool.length; p++) {
      if (picks.length < k && fits(p)) {
        picks.push({ index: pool[p]!, rule: left.length === 0 ? 'score' : 'diversity' });
        take(p);
      } else left.push(p);
    }
  } else {
    const remaining = Array.from(pool.keys());
    const maxSimilarity = new Float64Array(pool.length);
    while (picks.length < k && remaining.length > 0) {
      let bestAt = -1;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < remaining.length; r++) {
        const p = remaining[r]!;
        if (!fits(p)) continue;
        const value = lambda * scores[pool[p]!]! - (1 - lambda) * maxSimilarity[p]!;
        if (value > bestValue) {
          bestValue = value;
          bestAt = r;
        }
      }
      if (bestAt === -1) break;
      const p = remaining[bestAt]!;
      // remaining stays in score order: passing over its head means diversity placed this one.
      picks.push({ index: pool[p]!, rule: bestAt === 0 ? 'score' : 'diversity' });
      remaining.splice(bestAt, 1);
      take(p);
      for (const other of remaining) {
        const sim = similarity(candidates[pool[p]!]!, candidates[pool[other]!]!);
        if (sim > maxSimilarity[other]!) maxSimilarity[other] = sim;
      }
    }
    left.push(...remaining);
  }
  left.sort((a, b) => a - b);
  for (let r = 0; picks.length < k && r < left.length; r++)
    picks.push({ index: pool[left[r]!]!, rule: 'relaxed' });
  return picks;
}

function family(feature: string): string {
  const colon = feature.indexOf(':');
  return colon === -1 ? feature : feature.slice(0, colon);
}

function cappedFeatures(c: Candidate, caps: Readonly<Record<string, number>>): string[] {
  if (c.features === undefined) return [];
  return [...new Set(c.features)].filter((f) => caps[family(f)] !== undefined);
}

/**
 * Similarity of two items for MMR: cosine of their embeddings when both have one, else the
 * Jaccard overlap of their features.
 *
 * @example
 * similarity({ id: 'a', features: ['genre:Drama', 'decade:1990s'] }, { id: 'b', features: ['genre:Drama'] }); // 0.5
 */
export function similarity(a: Candidate, b: Candidate): number {
  if (a.embedding !== undefined && b.embedding !== undefined)
    return cosine(a.embedding, b.embedding);
  const fa = a.features;
  const fb = b.features;
  if (fa === undefined || fb === undefined || fa.length === 0 || fb.length === 0) return 0;
  let shared = 0;
  for (const feature of fa) if (fb.includes(feature)) shared += 1;
  return shared / (fa.length + fb.length - shared);
}
