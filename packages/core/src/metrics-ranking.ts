/**
 * Which items count as relevant: a set (every member has gain 1) or a map from id to a
 * graded gain ≥ 0 (0 means not relevant).
 */
export type Relevance = ReadonlySet<string> | ReadonlyMap<string, number>;

function gainOf(relevance: Relevance, id: string): number {
  if (relevance instanceof Map) return relevance.get(id) ?? 0;
  return relevance.has(id) ? 1 : 0;
}

function relevantCount(relevance: Relevance): number {
  if (!(relevance instanceof Map)) return relevance.size;
  let count = 0;
  for (const gain of relevance.values()) if (gain > 0) count += 1;
  return count;
}

function checkK(k: number): void {
  if (!(Number.isInteger(k) && k >= 1)) {
    throw new RangeError(`k must be a positive integer, got ${String(k)}`);
  }
}

// Relevant items among the first k, each counted once even if the list repeats it.
function hitsAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  const seen = new Set<string>();
  let hits = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (gainOf(relevance, id) > 0) hits += 1;
  }
  return hits;
}

/**
 * Precision@K: the share of the first k slots holding a relevant item. A list shorter than
 * k counts its missing slots as misses, so returning fewer items never looks better.
 *
 * @throws RangeError when k is not a positive integer.
 *
 * @example
 * precisionAtK(['a', 'b', 'c', 'd'], new Set(['a', 'c', 'x']), 4); // 0.5
 */
export function precisionAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  checkK(k);
  return hitsAtK(ranked, relevance, k) / k;
}

/**
 * Recall@K: the share of all relevant items that appear among the first k. 0 when nothing
 * is relevant (leave such users out of an average if that would distort it).
 *
 * @throws RangeError when k is not a positive integer.
 *
 * @example
 * recallAtK(['a', 'b', 'c', 'd'], new Set(['a', 'c', 'x']), 4); // 2/3
 */
export function recallAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  checkK(k);
  const total = relevantCount(relevance);
  return total === 0 ? 0 : hitsAtK(ranked, relevance, k) / total;
}

/**
 * NDCG@K with linear gains: DCG = Σ gain(item at rank i) / log2(i + 1) over the first k,
 * divided by the DCG of the ideal order (the k largest gains, best first). 0 when nothing
 * is relevant. With a set, every relevant item has gain 1.
 *
 * @throws RangeError when k is not a positive integer.
 *
 * @example
 * ndcgAtK(['a', 'b', 'c'], new Set(['b']), 3); // (1/log2 3) / 1 = 0.6309…
 * ndcgAtK(['a', 'b'], new Map([['a', 1], ['b', 3]]), 2); // (1 + 3/log2 3) / (3 + 1/log2 3) = 0.7967…
 */
export function ndcgAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  checkK(k);
  const seen = new Set<string>();
  let dcg = 0;
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    dcg += gainOf(relevance, id) / Math.log2(i + 2);
  }
  const gains =
    relevance instanceof Map ? [...relevance.values()] : Array<number>(relevance.size).fill(1);
  gains.sort((a, b) => b - a);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, gains.length); i++) {
    const gain = gains[i]!;
    if (gain <= 0) break;
    ideal += gain / Math.log2(i + 2);
  }
  return ideal === 0 ? 0 : dcg / ideal;
}

/**
 * The reciprocal rank of the first relevant item (1 for the top slot, 1/2 for the second,
 * …), 0 when no item of the list is relevant.
 *
 * @example
 * reciprocalRank(['a', 'b', 'c'], new Set(['c'])); // 1/3
 */
export function reciprocalRank(ranked: readonly string[], relevance: Relevance): number {
  for (let i = 0; i < ranked.length; i++) {
    if (gainOf(relevance, ranked[i]!) > 0) return 1 / (i + 1);
  }
  return 0;
}

/**
 * MRR: the mean of {@link reciprocalRank} over several ranked lists (one per user or
 * query); 0 for no lists.
 *
 * @example
 * meanReciprocalRank([
 *   { ranked: ['a', 'b'], relevance: new Set(['a']) }, // 1
 *   { ranked: ['c', 'd', 'e'], relevance: new Set(['e']) }, // 1/3
 * ]); // 2/3
 */
export function meanReciprocalRank(
  lists: Iterable<{ readonly ranked: readonly string[]; readonly relevance: Relevance }>,
): number {
  let sum = 0;
  let count = 0;
  for (const { ranked, relevance } of lists) {
    sum += reciprocalRank(ranked, relevance);
    count += 1;
  }
  return count === 0 ? 0 : sum / count;
}
