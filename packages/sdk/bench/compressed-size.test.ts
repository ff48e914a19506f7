import { describe, expect, it } from 'vitest';
import { compressedSize } from './compressed-size.ts';

/** A chunk that loads two others by their hashed names, with some code around. */
function chunk(hashes: [string, string], body = 'return a+b') {
  const code = Array.from({ length: 40 }, (_, i) => `function f${i}(a,b){${body}*${i}}`).join('');
  return `${code}import(\`./connect-edge-${hashes[0]}.js\`);import(\`./intervals-${hashes[1]}.js\`);`;
}

describe('compressedSize', () => {
  it('measures the same code the same, whatever the hashes in its chunk names', () => {
    const one = compressedSize([chunk(['BeptcIQB', 'Cf7fsNR_'])]);
    const other = compressedSize([chunk(['x-9ZZqLw', 'AAAAAAAA'])]);
    expect(other).toEqual(one);
    expect(one.minified).toBe(Buffer.byteLength(chunk(['BeptcIQB', 'Cf7fsNR_'])));
    expect(one.brotliRange[0]).toBeLessThanOrEqual(one.brotli);
    expect(one.brotliRange[1]).toBeGreaterThanOrEqual(one.brotli);
  });

  it('measures different code differently, and sums the chunks', () => {
    const hashes: [string, string] = ['BeptcIQB', 'Cf7fsNR_'];
    const small = compressedSize([chunk(hashes)]);
    const large = compressedSize([chunk(hashes, 'return Math.max(a,b)/Math.min(a,b)')]);
    expect(large.brotli).toBeGreaterThan(small.brotli);
    const both = compressedSize([chunk(hashes), chunk(hashes)]);
    expect(both.minified).toBe(2 * small.minified);
    expect(both.brotli).toBe(2 * small.brotli);
  });

  it('leaves names without a hash alone', () => {
    const plain = 'import(`./worker-entry.js`);import(`./a-b.js`);'.repeat(5);
    const { minified, brotliRange } = compressedSize([plain]);
    expect(minified).toBe(plain.length);
    expect(brotliRange[0]).toBe(brotliRange[1]);
  });
});
