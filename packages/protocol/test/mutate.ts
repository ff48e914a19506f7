// Test helper: one-fault mutations of valid values, to hold two validators to the same verdict.
import fc from 'fast-check';

type Key = string | number;

/** Values that break some rule somewhere (and a few that are valid somewhere). */
export const oddValue = fc.constantFrom<unknown>(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -1,
  -0.5,
  0,
  0.5,
  1.5,
  1e9 + 1,
  2 ** 53,
  '',
  'x',
  'x'.repeat(129),
  'x'.repeat(257),
  '\u0000',
  'a\u0085b',
  '\ud800',
  null,
  true,
  [],
  {},
  [1, 2],
  [1, 2, 3],
  'accepted',
  'priors',
  'seq_gap',
  'like',
  1,
  7,
);

/** Every path into `value` (including the root, `[]`). */
export function paths(value: unknown, prefix: Key[] = []): Key[][] {
  const out: Key[][] = [prefix];
  if (typeof value !== 'object' || value === null) return out;
  for (const [key, item] of Object.entries(value)) {
    out.push(...paths(item, [...prefix, Array.isArray(value) ? Number(key) : key]));
  }
  return out;
}

export type Mutation =
  | { readonly kind: 'set'; readonly to: unknown }
  | { readonly kind: 'delete' }
  | { readonly kind: 'rename'; readonly to: string };

/** `value` with one mutation at `path` (a deep copy; the input is not changed). */
export function mutate(value: unknown, path: readonly Key[], mutation: Mutation): unknown {
  if (path.length === 0) return mutation.kind === 'set' ? mutation.to : undefined;
  const copy = structuredClone(value) as Record<Key, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<Key, unknown>;
  const last = path[path.length - 1]!;
  if (mutation.kind === 'set') parent[last] = mutation.to;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else {
    const item = parent[last];
    delete parent[last];
    if (mutation.kind === 'rename') parent[mutation.to] = item;
  }
  return copy;
}

const set = oddValue.map((to): Mutation => ({ kind: 'set', to }));
const remove = fc.constant<Mutation>({ kind: 'delete' });
const rename = fc
  .constantFrom('', 'x', '0', '01', 'x'.repeat(129), '\u0000', 'extra')
  .map((to): Mutation => ({ kind: 'rename', to }));

/**
 * A valid value from `valid` with one random fault (or, rarely, a harmless change). Without
 * `renames`, no key is renamed: for validators that differ, on purpose, on unknown keys.
 */
export const mutated = (
  valid: fc.Arbitrary<unknown>,
  { renames = true } = {},
): fc.Arbitrary<unknown> =>
  fc
    .tuple(
      valid,
      fc.nat(),
      fc.oneof(
        { weight: 6, arbitrary: set },
        { weight: 1, arbitrary: remove },
        { weight: renames ? 1 : 0, arbitrary: rename },
      ),
    )
    .map(([value, pick, change]) => {
      const all = paths(value);
      return mutate(value, all[pick % all.length]!, change);
    });
