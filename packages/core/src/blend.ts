/** One strategy's candidate list for {@link blend}. */
export interface BlendSource<T> {
  readonly arm: string;
  readonly weight: number;
  readonly items: readonly T[];
}

/** An item of a blended list with the strategy that contributed it. */
export interface BlendedItem<T> {
  readonly item: T;
  readonly arm: string;
}

/**
 * Merges the chosen strategies' lists by smooth weighted round-robin: each turn goes to
 * the source with the largest accumulated credit, so a strategy with weight 0.5 fills about
 * half the slots, evenly spread. Items already taken are skipped (the first strategy to
 * offer an item is credited with it). Returns up to `k` items.
 *
 * @example
 * blend([{ arm: 'popular', weight: 0.6, items: popular }, { arm: 'gems', weight: 0.4, items: gems }], 10, (m) => m.id);
 */
export function blend<T>(
  sources: readonly BlendSource<T>[],
  k: number,
  idOf: (item: T) => string,
): BlendedItem<T>[] {
  const live = sources
    .filter((s) => s.weight > 0 && s.items.length > 0)
    .map((source) => ({ source, credit: 0, next: 0 }));
  let total = live.reduce((sum, s) => sum + s.source.weight, 0);
  const taken = new Set<string>();
  const out: BlendedItem<T>[] = [];
  while (out.length < k && live.length > 0) {
    for (const s of live) s.credit += s.source.weight;
    // The first of the sources with the most credit.
    const best = live.reduce((a, b) => (b.credit > a.credit ? b : a));
    const { items, arm, weight } = best.source;
    best.credit -= total;
    // Advance past items another strategy already contributed.
    while (best.next < items.length) {
      const item = items[best.next++]!;
      const id = idOf(item);
      if (!taken.has(id)) {
        taken.add(id);
        out.push({ item, arm });
        break;
      }
    }
    if (best.next >= items.length) {
      live.splice(live.indexOf(best), 1);
      total -= weight;
    }
  }
  return out;
}
