import { describe, expect, it } from 'vitest';
import { measureEntry } from './bundle-size.ts';

describe('measureEntry', () => {
  it('builds an entry for production and measures minified, gzip and brotli bytes', async () => {
    const size = await measureEntry("export { createRng, sampleBeta } from '@crowdbandit/core';");
    expect(size.upFront.files).toBe(1);
    expect(size.upFront.minified).toBeGreaterThan(1000);
    expect(size.upFront.gzip).toBeLessThan(size.upFront.minified);
    expect(size.upFront.brotli).toBeLessThan(size.upFront.gzip);
    expect(size.total).toEqual(size.upFront);
  }, 30_000);

  it('keeps lazily imported code out of what loads up front', async () => {
    const size = await measureEntry(
      "export const later = () => import('@crowdbandit/core');\nexport const now = 1;",
    );
    expect(size.total.files).toBeGreaterThan(size.upFront.files);
    expect(size.total.minified).toBeGreaterThan(size.upFront.minified + 1000);
  }, 30_000);
});
