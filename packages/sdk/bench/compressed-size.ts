// Compressed sizes of built chunks that do not depend on the content hashes in chunk file
// names. A chunk that loads another names it with an 8-character hash of its content, so any
// change anywhere gives new hashes, and brotli's output moves with them: the worker's entry
// measured 14,287–14,337 bytes over 101 random sets, for the same code. Sizes here are the
// median over a fixed series of random hash sets instead, the same for the same code.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A content hash as Vite writes it into a file name: `name-<8 base64url chars>.js`. */
const HASH = /(?<=-)[\w-]{8}(?=\.js\b)/g;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
/** Hash sets measured; odd, for a median. */
const VARIANTS = 11;

export interface CompressedSize {
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
  /** The smallest and largest brotli total over the hash sets: what a build's own hashes may give. */
  readonly brotliRange: readonly [number, number];
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The chunks with every hash replaced by a random one of variant `variant` (the same hash, the same replacement). */
function withHashes(codes: readonly string[], variant: number): Buffer[] {
  const random = seeded(variant + 1);
  const replacements = new Map<string, string>();
  const replace = (hash: string) => {
    let next = replacements.get(hash);
    if (next === undefined) {
      next = Array.from({ length: 8 }, () => ALPHABET[Math.floor(random() * 64)]).join('');
      replacements.set(hash, next);
    }
    return next;
  };
  return codes.map((code) => Buffer.from(code.replace(HASH, replace)));
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

/**
 * Minified, gzip (level 9) and brotli (quality 11) bytes of chunks, each compressed on its own
 * and summed; gzip and brotli are medians over VARIANTS sets of chunk hashes.
 *
 * @example
 * const { brotli, brotliRange } = compressedSize(chunks.map((c) => c.code));
 */
export function compressedSize(codes: readonly string[]): CompressedSize {
  const gzip: number[] = [];
  const brotli: number[] = [];
  for (let variant = 0; variant < VARIANTS; variant++) {
    const bytes = withHashes(codes, variant);
    const sum = (size: (b: Buffer) => number) => bytes.reduce((total, b) => total + size(b), 0);
    gzip.push(sum((b) => gzipSync(b, { level: 9 }).length));
    brotli.push(
      sum(
        (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      ),
    );
  }
  return {
    minified: codes.reduce((total, code) => total + Buffer.byteLength(code), 0),
    gzip: median(gzip),
    brotli: median(brotli),
    brotliRange: [Math.min(...brotli), Math.max(...brotli)],
  };
}
