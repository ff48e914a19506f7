import type { Candidate } from './candidate.ts';
import { similarity } from './diversity.ts';
import type { Relevance } from './metrics-ranking.ts';

/**
 * Intra-list diversity: 1 − the mean pairwise {@link similarity} of a list's items (cosine
 * of embeddings when both have one, else the Jaccard overlap of features). 0 for fewer than
 * two items; 1 when no two items share anything.
 *
 * @example
 * intraListDiversity([
 *   { id: 'a', features: ['genre:Drama', 'decade:1990s'] },
 *   { id: 'b', features: ['genre:Drama'] },
 *   { id: 'c', features: ['genre:Comedy'] },
 * ]); // 1 − (1/2 + 0 + 0) / 3 = 0.8333…
 */
export function intraListDiversity(items: readonly Candidate[]): number {
  const n = items.length;
  if (n < 2) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) sum += similarity(items[i]!, items[j]!);
  }
  return 1 - sum / ((n * (n - 1)) / 2);
}

/**
 * Popularity ranks: 1 for the most popular item, n for the least; tied items share the
 * mean of the ranks they span (fractional ranking), so the ranks always sum to n(n+1)/2.
 *
 * @example
 * popularityRanks([{ id: 'a', popularity: 50 }, { id: 'b', popularity: 900 }, { id: 'c', popularity: 50 }]);
 * // Map { 'b' => 1, 'a' => 2.5, 'c' => 2.5 }
 */
export function popularityRanks(
  items: readonly { readonly id: string; readonly popularity?: number | undefined }[],
): Map<string, number> {
  const order = items
    .map((item, index) => ({ id: item.id, popularity: item.popularity ?? 0, index }))
    .sort((a, b) => b.popularity - a.popularity || a.index - b.index);
  const ranks = new Map<string, number>();
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && order[end]!.popularity === order[start]!.popularity) end += 1;
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks.set(order[i]!.id, rank);
    start = end;
  }
  return ranks;
}

/**
 * Novelty as the mean popularity rank of the listed items (see {@link popularityRanks}):
 * higher means less popular, more novel. 0 for an empty list.
 *
 * @throws RangeError when a listed id has no rank.
 *
 * @example
 * const ranks = new Map([['hit', 1], ['known', 2], ['gem', 3]]);
 * novelty(['hit', 'gem'], ranks); // 2
 */
export function novelty(ranked: readonly string[], ranks: ReadonlyMap<string, number>): number {
  if (ranked.length === 0) return 0;
  let sum = 0;
  for (const id of ranked) {
    const rank = ranks.get(id);
    if (rank === undefined) throw new RangeError(`no popularity rank for ${JSON.stringify(id)}`);
    sum += rank;
  }
  return sum / ranked.length;
}

/**
 * Serendipity (Ge et al. 2010): the share of a list's items that are both relevant and
 * unexpected, where `expected` holds what an obvious recommender (e.g. the most popular
 * items) would have shown. 0 for an empty list.
 *
 * @example
 * serendipity(['hit', 'gem', 'dud'], new Set(['hit', 'gem']), new Set(['hit'])); // 1/3: only 'gem'
 */
export function serendipity(
  ranked: readonly string[],
  relevance: Relevance,
  expected: ReadonlySet<string>,
): number {
  if (ranked.length === 0) return 0;
  let count = 0;
  for (const id of new Set(ranked)) {
    const gain = relevance instanceof Map ? (relevance.get(id) ?? 0) : relevance.has(id) ? 1 : 0;
    if (gain > 0 && !expected.has(id)) count += 1;
  }
  return count / ranked.length;
}
