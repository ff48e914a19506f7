// FNV-1a 32 over UTF-16 code units (not UTF-8 bytes as in ../hash.ts): GrowthBook hashes
// `charCodeAt`, and matching it bit for bit is what keeps migrated users in their variation.
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    hash ^= text.charCodeAt(i);
    hash += (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24);
  }
  return hash >>> 0;
}

/**
 * A stable number in [0, 1) for a user and an experiment seed, exactly as GrowthBook's SDKs
 * compute it, so that a team moving from GrowthBook keeps every user in the same variation.
 * Version 2 (GrowthBook's default since SDK spec 0.4) is `fnv(String(fnv(seed + value)))`
 * mod 10000 / 10000; version 1 (the original, slightly biased one, still used for
 * namespaces) is `fnv(value + seed)` mod 1000 / 1000, where fnv is 32-bit FNV-1a over the
 * UTF-16 code units. Any other version gives `null`, as in GrowthBook.
 *
 * @param seed - the experiment's seed (GrowthBook uses the experiment key when none is set).
 * @param value - the hash attribute's value, usually the user id.
 *
 * @example
 * hashToUnit('seed', 'a', 2); // 0.0505
 * hashToUnit('', 'a', 1); // 0.22
 * const bucket = hashToUnit(experiment.seed ?? experiment.key, userId, 2);
 */
export function hashToUnit(seed: string, value: string, version: 1 | 2): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}
