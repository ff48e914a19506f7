import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, defaultClientConditions } from 'vite';
import { compressedSize } from '../../../../packages/sdk/bench/compressed-size.ts';
import { REPO_ROOT } from '../obd/obd-paths.ts';

/** Bytes of a set of output chunks. */
export interface Size {
  readonly files: number;
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
}

interface Chunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
}

/**
 * Minified, gzip (level 9) and brotli (quality 11) bytes, each chunk compressed on its own
 * and summed, over the same sets of chunk hashes as packages/sdk/bench/bundle-size.ts measures
 * the SDK with, so the rows compare.
 */
function measure(chunks: readonly Chunk[]): Size {
  const { minified, gzip, brotli } = compressedSize(chunks.map((c) => c.code));
  return { files: chunks.length, minified, gzip, brotli };
}

/** The entry chunk and what it imports statically: what a page loads up front. */
function upFront(chunks: readonly Chunk[]): Chunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next !== undefined) visit(next);
    }
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  return [...seen];
}

/** The sizes of one entry's production build. */
export interface EntrySize {
  /** Entry chunk + static imports. */
  readonly upFront: Size;
  /** Every JavaScript chunk, lazy ones and workers included. */
  readonly total: Size;
}

/**
 * Builds `source` (an ES module, e.g. `export { GrowthBook } from '@growthbook/growthbook'`)
 * for production with Vite (rolldown, minified, browser conditions, exports preserved so
 * nothing the entry names is shaken away) and measures it.
 *
 * @example
 * const { upFront } = await measureEntry("export { initialize } from 'launchdarkly-js-client-sdk';");
 */
export async function measureEntry(source: string): Promise<EntrySize> {
  const dir = mkdtempSync(join(tmpdir(), 'crowdbandit-peer-bundle-'));
  const id = 'virtual:bench-entry';
  try {
    const result = await build({
      root: REPO_ROOT,
      configFile: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'bench-entry',
          resolveId: (request: string) => (request === id ? `\0${id}` : null),
          load: (request: string) => (request === `\0${id}` ? source : null),
        },
      ],
      resolve: { conditions: ['@crowdbandit/source', ...defaultClientConditions] },
      build: {
        outDir: dir,
        emptyOutDir: true,
        write: false,
        minify: true,
        modulePreload: false,
        rollupOptions: { input: { entry: id }, preserveEntrySignatures: 'strict' },
      },
      worker: { format: 'es' },
    });
    const outputs = Array.isArray(result) ? result : [result];
    const chunks = outputs.flatMap((o) =>
      'output' in o ? (o.output.filter((c) => c.type === 'chunk') as unknown as Chunk[]) : [],
    );
    return { upFront: measure(upFront(chunks)), total: measure(chunks) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
