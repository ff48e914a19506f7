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
  const live = sources.filter((s) => s.weight > 0 && s.items.length > 0);
  const credit = new Float64Array(live.length);
  const cursor = new Int32Array(live.length);
  let total = live.reduce((sum, s) => sum + s.weight, 0);
  const taken = new Set<string>();
  const out: BlendedItem<T>[] = [];
  let exhausted = 0;
  const done = new Uint8Array(live.length);
  while (out.length < k && exhausted < live.length) {
    let best = -1;
    for (let i = 0; i < live.length; i++) {
      if (done[i]) continue;
      credit[i] = credit[i]! + live[i]!.weight;
      if (best === -1 || credit[i]! > credit[best]!) best = i;
    }
    credit[best] = credit[best]! - total;
    const source = live[best]!;
    // Advance past items another strategy already contributed.
    while (cursor[best]! < source.items.length) {
      const item = source.items[cursor[best]!]!;
      cursor[best] = cursor[best]! + 1;
      const id = idOf(item);
      if (!taken.has(id)) {
        taken.add(id);
        out.push({ item, arm: source.arm });
        break;
      }
    }
    if (cursor[best]! >= source.items.length) {
      done[best] = 1;
      exhausted += 1;
      total -= source.weight;
    }
  }
  return out;
}
