const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

// Folds the UTF-8 bytes of text into an FNV-1a state, encoding from the UTF-16 code units
// as it goes (no TextEncoder buffer per call).
function fnv1a(state: number, text: string): number {
  let hash = state;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      continue;
    }
    if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        hash = Math.imul(hash ^ (0xf0 | (code >> 18)), FNV_PRIME);
        hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), FNV_PRIME);
        hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV_PRIME);
        hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
        continue;
      }
      code = 0xfffd; // a lone surrogate, encoded as U+FFFD like TextEncoder does
    }
    hash = Math.imul(hash ^ (0xe0 | (code >> 12)), FNV_PRIME);
    hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV_PRIME);
    hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
  }
  return hash;
}

/**
 * The 32-bit FNV-1a hash of a string's UTF-8 bytes, as an unsigned integer. Exactly, so that
 * any language can reproduce it: encode the string as UTF-8, a lone (unpaired) surrogate
 * becoming U+FFFD (EF BF BD), as `TextEncoder` and `Buffer.from(text, 'utf8')` do; start
 * from h = 0x811c9dc5; for each byte, h = (h XOR byte) * 0x01000193 modulo 2^32.
 *
 * @example
 * hash32(''); // 2166136261 (0x811c9dc5)
 * hash32('a'); // 3826002220 (0xe40c292c)
 * hash32('foobar'); // 3214735720 (0xbf9cf968)
 */
export function hash32(text: string): number {
  return fnv1a(FNV_OFFSET_BASIS, text) >>> 0;
}

/**
 * The shard an id lives on: hash32(id) mod shards. A client id always maps to the same
 * shard, on the client and at the edge alike.
 *
 * @param shards - the number of shards, a positive integer below 2^32.
 * @throws RangeError when `shards` is not a positive integer below 2^32.
 *
 * @example
 * shardOf('client-7f3a', 16); // an integer in [0, 16), the same on every call
 */
export function shardOf(id: string, shards: number): number {
  if (!(Number.isInteger(shards) && shards > 0 && shards <= 0xffffffff)) {
    throw new RangeError(`shards must be a positive integer below 2^32, got ${String(shards)}`);
  }
  return hash32(id) % shards;
}

/**
 * A stable uniform number in [0, 1) for A/B assignment: hash32(salt + ':' + id) / 2^32.
 * Changing the salt reshuffles everyone; the same salt and id always land in the same place.
 *
 * @example
 * const variant = bucketOf('ranker-test-2024-06', userId) < 0.1 ? 'treatment' : 'control';
 */
export function bucketOf(salt: string, id: string): number {
  // Hashing the three parts in turn equals hashing the concatenation, without building it.
  const hash = fnv1a(fnv1a(fnv1a(FNV_OFFSET_BASIS, salt), ':'), id);
  return (hash >>> 0) / 4294967296;
}
