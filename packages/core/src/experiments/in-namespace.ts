import { hashToUnit } from './hash-to-unit.ts';

/** A namespace `[id, start, end)`: the users whose namespace hash lies in `[start, end)`. */
export type Namespace = [id: string, start: number, end: number];

/**
 * Whether a user belongs to a namespace's slice, as GrowthBook's `inNamespace`: the hash
 * is version 1 with the seed `'__' + id`, so experiments that take disjoint slices of one
 * namespace never share a user.
 *
 * @example
 * inNamespace('1', ['namespace1', 0.4, 1]); // true
 * inNamespace('1', ['namespace1', 0, 0.4]); // false
 */
export function inNamespace(
  hashValue: string,
  namespace: readonly [string, number, number],
): boolean {
  const n = hashToUnit(`__${namespace[0]}`, hashValue, 1)!;
  return n >= namespace[1] && n < namespace[2];
}
