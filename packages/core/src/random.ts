/**
 * A source of uniform doubles in [0, 1). Every random function in core takes one as a
 * parameter, so tests and simulations are reproducible and production can seed from crypto.
 *
 * @example
 * const rng: Rng = createRng(42);
 * rng(); // 0.4562…, the same on every run
 */
export type Rng = () => number;

const TWO_POW_32 = 4294967296;

/**
 * A fast seedable generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator from
 * PractRand) with 32-bit resolution, so it returns multiples of 2^-32 in [0, 1) and never 1.
 *
 * Seeding, exactly (so another language can reproduce a stream): the seed becomes two
 * 32-bit words (lo, hi): for an integer, its 64-bit two's complement; otherwise the words of
 * its IEEE-754 double. A splitmix32 generator (state += 0x9e3779b9; t = state ^ state >>> 16;
 * t *= 0x21f0aaad; t ^= t >>> 15; t *= 0x735a2d97; output t ^ t >>> 15) started at
 * lo ^ (hi * 0x9e3779b9) gives sfc32's a, b and c; the counter starts at 1 and the first 12
 * outputs are discarded, as in PractRand. Distinct integer seeds below 2^32 give distinct
 * streams. Without a seed, a, b and c come from `crypto.getRandomValues`.
 *
 * @param seed - any finite number; omit it in production for a crypto-seeded stream.
 * @throws RangeError when the seed is not a finite number.
 *
 * @example
 * const rng = createRng(42);
 * rng(); // 0.4562…
 * rng(); // 0.5641…
 * createRng(42)(); // 0.4562… again: same seed, same stream
 */
export function createRng(seed?: number): Rng {
  // A typed array rather than four closure variables: uint32 values do not fit V8's small
  // integers, so closure variables would be boxed on every call (about 3x slower).
  const state = new Int32Array(4);
  if (seed === undefined) {
    // Typed structurally: core compiles without DOM or Node types, and every runtime it
    // targets (browsers, workers, Node 20+, workerd) has Web Crypto.
    (
      globalThis as unknown as { crypto: { getRandomValues(a: Int32Array): unknown } }
    ).crypto.getRandomValues(state.subarray(0, 3));
  } else {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) {
      throw new RangeError(`seed must be a finite number, got ${String(seed)}`);
    }
    let lo: number;
    let hi: number;
    if (Number.isInteger(seed)) {
      lo = seed >>> 0;
      hi = Math.floor(seed / TWO_POW_32) >>> 0;
    } else {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, seed, true);
      lo = view.getUint32(0, true);
      hi = view.getUint32(4, true);
    }
    const next = splitmix32(lo ^ Math.imul(hi, 0x9e3779b9));
    state[0] = next();
    state[1] = next();
    state[2] = next();
  }
  state[3] = 1;

  // Int32Array stores wrap modulo 2^32, which is the uint32 arithmetic sfc32 needs.
  const rng: Rng = () => {
    const b = state[1]!;
    const c = state[2]!;
    const counter = state[3]!;
    const t = (state[0]! + b + counter) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = c + (c << 3);
    state[2] = ((c << 21) | (c >>> 11)) + t;
    state[3] = counter + 1;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) rng();
  return rng;
}

function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let t = state ^ (state >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return t ^ (t >>> 15);
  };
}
