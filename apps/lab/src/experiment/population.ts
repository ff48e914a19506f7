import { createRng } from '@crowdbandit/core';

/**
 * The users of one simulated experiment, in arrival order: an id (16 hex digits, like an id
 * the edge issues), and two uniform draws fixed before any assignment, so that the same users
 * behave the same whichever way they are assigned and whichever system counts them:
 * `convert` (the user converts iff it is below the rate of the variation they get) and
 * `drop` (an injected logging fault loses the user's exposure iff it is below the share
 * dropped).
 */
export interface Population {
  readonly ids: readonly string[];
  readonly convert: Float64Array;
  readonly drop: Float64Array;
}

const hex = (rng: () => number) =>
  Math.floor(rng() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');

/**
 * `count` users drawn from `seed`.
 *
 * @example
 * const users = population(7, 10_000);
 * users.ids[0]; // '3fa9…' (16 hex digits)
 */
export function population(seed: number, count: number): Population {
  const rng = createRng(seed);
  const ids: string[] = new Array(count);
  const convert = new Float64Array(count);
  const drop = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    ids[i] = hex(rng) + hex(rng);
    convert[i] = rng();
    drop[i] = rng();
  }
  return { ids, convert, drop };
}

/**
 * A phase seed as the edge draws them (`<key>:<phase>:<16 hex digits>`), from `seed`.
 *
 * @example
 * phaseSeed('aa', 3); // 'aa:1:…'
 */
export function phaseSeed(key: string, seed: number): string {
  const rng = createRng(seed ^ 0x5eed);
  return `${key}:1:${hex(rng)}${hex(rng)}`;
}
