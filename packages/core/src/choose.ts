import { sampleBeta } from './beta.ts';
import { betaInterval } from './beta-distribution.ts';
import type { PriorSource } from './prior.ts';
import type { Rng } from './random.ts';
import type { PosteriorLookup, PosteriorSlot } from './rank.ts';

/**
 * An arm picked by `choose`, with its share of the blend.
 *
 * @example
 * const { arms } = engine.choose('strategy', { k: 3 });
 * arms.map((a) => `${a.id} ${(a.weight * 100).toFixed(0)}%`); // ['gems 45%', 'popular 33%', ...]
 */
export interface ChosenArm {
  readonly id: string;
  /** Normalised weight: theta over the sum of the returned thetas. */
  readonly weight: number;
  readonly theta: number;
  readonly mean: number;
  readonly interval: readonly [number, number];
  readonly prior: PriorSource;
}

/**
 * The result of `choose`: the top k arms by Thompson draw, best first. `fallback` is true
 * when the engine could not decide and returned the decision's configured default.
 */
export interface ChooseResult {
  readonly arms: readonly ChosenArm[];
  readonly contextKey: string;
  readonly fallback: boolean;
  /** Why the fallback was used. */
  readonly reason?: string;
}

/**
 * Samples theta for each arm and returns the top k with normalised weights.
 *
 * @example
 * chooseTopK(['popular', 'gems', 'serendipity'], posteriors, createRng(7), 2);
 */
export function chooseTopK(
  arms: readonly string[],
  posteriors: PosteriorLookup,
  rng: Rng,
  k: number,
): ChosenArm[] {
  const slot: PosteriorSlot = { alpha: 1, beta: 1, source: 'base' };
  const drawn = arms.map((id) => {
    posteriors.posterior(id, slot);
    return {
      id,
      theta: sampleBeta(rng, slot.alpha, slot.beta),
      alpha: slot.alpha,
      beta: slot.beta,
      prior: slot.source,
    };
  });
  drawn.sort((a, b) => b.theta - a.theta);
  const top = drawn.slice(0, Math.max(0, k));
  const total = top.reduce((sum, arm) => sum + arm.theta, 0);
  return top.map((arm) => ({
    id: arm.id,
    weight: total > 0 ? arm.theta / total : 1 / top.length,
    theta: arm.theta,
    mean: arm.alpha / (arm.alpha + arm.beta),
    interval: betaInterval(arm.alpha, arm.beta),
    prior: arm.prior,
  }));
}

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
