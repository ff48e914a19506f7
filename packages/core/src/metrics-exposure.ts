/**
 * Catalog coverage: the share of the catalog that appears in at least one of the lists.
 * Ids outside the catalog are ignored when `catalog` is a list of ids; with a size, every
 * distinct listed id counts.
 *
 * @throws RangeError when the catalog is empty.
 *
 * @example
 * catalogCoverage([['a', 'b'], ['b', 'c']], 10); // 0.3
 * catalogCoverage([['a', 'x']], ['a', 'b']); // 0.5: 'x' is not in the catalog
 */
export function catalogCoverage(
  lists: Iterable<readonly string[]>,
  catalog: number | readonly string[],
): number {
  const size = typeof catalog === 'number' ? catalog : catalog.length;
  if (!(size > 0)) throw new RangeError(`the catalog must not be empty, got ${String(size)}`);
  const known = typeof catalog === 'number' ? null : new Set(catalog);
  const shown = new Set<string>();
  for (const list of lists) {
    for (const id of list) if (known === null || known.has(id)) shown.add(id);
  }
  return shown.size / size;
}

/**
 * How many times each catalog item was shown across the lists, in catalog order (items
 * never shown get 0, which {@link giniOfExposure} needs to see).
 *
 * @example
 * exposureCounts([['a', 'b'], ['b']], ['a', 'b', 'c']); // Float64Array [1, 2, 0]
 */
export function exposureCounts(
  lists: Iterable<readonly string[]>,
  catalog: readonly string[],
): Float64Array {
  const at = new Map(catalog.map((id, i) => [id, i]));
  const counts = new Float64Array(catalog.length);
  for (const list of lists) {
    for (const id of list) {
      const i = at.get(id);
      if (i !== undefined) counts[i]! += 1;
    }
  }
  return counts;
}

/**
 * The Gini coefficient of exposure: 0 when every item is shown equally often, approaching 1
 * when a single item takes every impression (exactly (n−1)/n for n items). Computed as
 * Σ (2i − n − 1)·x₍ᵢ₎ / (n·Σx) over the counts sorted ascending (i from 1). 0 when nothing
 * was shown.
 *
 * @throws RangeError on a negative or non-finite count.
 *
 * @example
 * giniOfExposure([1, 1, 1, 1]); // 0
 * giniOfExposure([0, 0, 0, 4]); // 0.75
 * giniOfExposure([1, 2, 3]); // 2/9 = 0.2222…
 */
export function giniOfExposure(counts: ArrayLike<number>): number {
  const sorted = Float64Array.from(counts);
  for (const x of sorted) {
    if (!(x >= 0 && x < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`exposure counts must be finite and ≥ 0, got ${String(x)}`);
    }
  }
  sorted.sort();
  const n = sorted.length;
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    total += sorted[i]!;
    weighted += (2 * (i + 1) - n - 1) * sorted[i]!;
  }
  return total === 0 ? 0 : weighted / (n * total);
}
