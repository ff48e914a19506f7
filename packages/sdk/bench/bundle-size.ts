// Bundle sizes of the SDK built for production with `vite build`, as an app using the SDK's
// whole API builds it: the main-thread entry (with the chunks it imports statically), the
// module worker as Vite's worker build emits it (what it loads before it answers, and its sync
// chunk, loaded on demand), the lazily loaded in-thread host, for comparison core's engine
// alone, and both sides again with comlink stubbed out, for what comlink adds; each with a
// breakdown by package.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, defaultClientConditions } from 'vite';
import { compressedSize } from './compressed-size.ts';

const SDK = new URL('..', import.meta.url).pathname;

/** Sizes of one bundle, bytes. */
export interface BundleSize {
  readonly files: readonly string[];
  readonly minified: number;
  /** The median over the same sets of chunk hashes as brotli. */
  readonly gzip: number;
  /** The median over sets of chunk hashes (compressed-size.ts): the same for the same code. */
  readonly brotli: number;
  /** The smallest and largest brotli over those sets: what a build's own hashes may give. */
  readonly brotliRange: readonly [number, number];
  /** Minified bytes by package, in proportion to each module's share of the rendered code. */
  readonly byPackage: Readonly<Record<string, number>>;
  /** The modules with code in the bundle, as `<package>/<path>`. */
  readonly modules: readonly string[];
}

interface Chunk {
  readonly type: 'chunk';
  readonly fileName: string;
  readonly code: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly modules: Readonly<Record<string, { readonly renderedLength: number }>>;
}

function packageOf(id: string): string {
  // Vite adds it to any bundle with a dynamic import (here: the lazily loaded in-thread host).
  if (id.includes('vite/preload-helper')) return 'vite preload helper';
  if (id.includes('virtual:app')) return 'the app';
  const match = /packages\/(core|protocol|sdk)\/|node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
  if (match?.[1]) return `@crowdbandit/${match[1]}`;
  return match?.[2] ?? 'other';
}

function measure(chunks: readonly Chunk[]): BundleSize {
  const size = compressedSize(chunks.map((c) => c.code));
  const { minified } = size;
  const rendered = new Map<string, number>();
  const modules: string[] = [];
  let total = 0;
  for (const chunk of chunks) {
    for (const [id, m] of Object.entries(chunk.modules)) {
      if (m.renderedLength > 0) {
        modules.push(id.replace(/^\0|^.*\/(?:packages|node_modules)\//, ''));
      }
      const name = packageOf(id);
      rendered.set(name, (rendered.get(name) ?? 0) + m.renderedLength);
      total += m.renderedLength;
    }
  }
  const byPackage: Record<string, number> = {};
  for (const [name, length] of [...rendered].sort((a, b) => b[1] - a[1])) {
    if (length > 0) byPackage[name] = Math.round((length / total) * minified);
  }
  return {
    files: chunks.map((c) => c.fileName),
    ...size,
    byPackage,
    modules: modules.sort(),
  };
}

// The SDK's public names, read from its source, for an app that uses all of them.
const sdkExports = Object.keys(await import('@crowdbandit/sdk')).sort();

// Entries that are not files: an app using the SDK's whole API, core's engine on its own, and
// everything the worker takes from its dependencies, to tell their share from the SDK's.
const VIRTUAL: Readonly<Record<string, string>> = {
  'virtual:app': [
    `import { ${sdkExports.join(', ')} } from '@crowdbandit/sdk';`,
    `globalThis.crowdbandit = { ${sdkExports.join(', ')} };`,
  ].join('\n'),
  'virtual:core-engine': "export { createCatalog, createEngine } from '@crowdbandit/core';",
  'virtual:worker-dependencies': [
    "export { createCatalog, createEngine, resolveDecision } from '@crowdbandit/core';",
    'export { decodeAck, decodeErrorBody, decodePriorsAnnouncement, decodePriorsSnapshot,',
    "  encodeBatch, encodeBatchJson, mergeDeltas } from '@crowdbandit/protocol/client';",
    "export { wrap } from 'idb';",
  ].join('\n'),
};

const virtualEntries = {
  name: 'virtual-entries',
  resolveId: (id: string) => (id in VIRTUAL ? `\0${id}` : null),
  load: (id: string) => (id.startsWith('\0') ? (VIRTUAL[id.slice(1)] ?? null) : null),
};

/**
 * Vite's preload helper as a pass-through: what the SDK's own code weighs, without the
 * helper Vite adds to any app with a dynamic import (shared with the app's own lazy routes;
 * other bundlers add their own chunk loader or none).
 */
const withoutPreloadHelper = {
  name: 'without-preload-helper',
  enforce: 'pre' as const,
  load: (id: string) =>
    id.includes('vite/preload-helper') ? 'export const __vitePreload = (load) => load();' : null,
};

/**
 * comlink reduced to the names the SDK imports, doing nothing: the SDK's own code around it
 * stays, so a build with it measures what comlink itself adds (less these few bytes).
 */
const withoutComlink = {
  name: 'without-comlink',
  enforce: 'pre' as const,
  resolveId: (id: string) => (id === 'comlink' ? '\0comlink-stub' : null),
  load: (id: string) =>
    id === '\0comlink-stub'
      ? 'export const expose = () => {}, wrap = () => ({}), proxy = (v) => v, releaseProxy = Symbol(), transferHandlers = new Map();'
      : null,
};

interface BundleOptions {
  /**
   * Built as an app's entry (Vite's default, no entry signature to keep), so shared code can
   * stay in the entry chunk that its lazy chunks import from; otherwise its exports are kept
   * exactly, as a library's would be.
   */
  readonly app?: boolean;
  /** Receives the chunks of Vite's worker build. */
  readonly workerChunks?: Chunk[];
  /** Without Vite's preload helper. */
  readonly ownCodeOnly?: boolean;
  /** With comlink stubbed out, in the page and in the worker. */
  readonly stubComlink?: boolean;
}

/** Builds one entry for production. */
async function bundle(
  entry: string,
  outDir: string,
  { app = false, workerChunks = [], ownCodeOnly = false, stubComlink = false }: BundleOptions = {},
): Promise<Chunk[]> {
  // The worker's chunks, with their modules, from Vite's own worker build.
  const captureWorker = {
    name: 'capture-worker-chunks',
    generateBundle(_: unknown, output: Record<string, { type: string }>) {
      for (const c of Object.values(output)) if (c.type === 'chunk') workerChunks.push(c as Chunk);
    },
  };
  const stub = stubComlink ? [withoutComlink] : [];
  const result = await build({
    plugins: [...(ownCodeOnly ? [withoutPreloadHelper] : []), ...stub, virtualEntries],
    root: SDK,
    configFile: false,
    logLevel: 'warn',
    resolve: { conditions: ['@crowdbandit/source', ...defaultClientConditions] },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      modulePreload: false,
      rollupOptions: { input: { entry }, preserveEntrySignatures: app ? false : 'strict' },
    },
    worker: { format: 'es', plugins: () => [...stub, captureWorker] },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((o) =>
    'output' in o ? (o.output.filter((c) => c.type === 'chunk') as unknown as Chunk[]) : [],
  );
}

/** The entry chunk and everything it imports statically (what a page loads up front). */
function upFront(chunks: readonly Chunk[]): Chunk[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<Chunk>();
  const visit = (chunk: Chunk) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    for (const name of chunk.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
  return [...seen];
}

export interface BundleSizes {
  /** The main-thread entry as a Vite app loads it up front, Vite's preload helper included. */
  readonly main: BundleSize;
  /** The same without Vite's preload helper: the SDK's own code. */
  readonly mainOwnCode: BundleSize;
  /** The module worker's entry and its static imports: what it loads before it answers. */
  readonly worker: BundleSize;
  /** The worker's sync chunk (edge, outbox, protocol), loaded once local state is ready. */
  readonly workerSync: BundleSize;
  /** The worker's interval chunk, loaded by the first `explain: true` or `posterior`. */
  readonly workerIntervals: BundleSize;
  /** The worker's memory store, loaded in the background once IndexedDB is open (or first thing without it). */
  readonly workerMemoryStore: BundleSize;
  /**
   * The worker's experiment code (assignment, exposures, conversions, the policy switch),
   * loaded by the first `assign` or `track`, or at start when a stored experiment is on a
   * decision; with the protocol's experiment deltas, which it shares with the sync chunk.
   */
  readonly workerExperiments: BundleSize;
  /** The in-thread host with its lazy chunks (sync, intervals, memory store). */
  readonly inThreadHost: BundleSize;
  /** The main thread's own code with comlink stubbed out: `mainOwnCode` less this is comlink's share. */
  readonly mainOwnCodeWithoutComlink: BundleSize;
  /** The worker's up-front code with comlink stubbed out: `worker` less this is comlink's share. */
  readonly workerWithoutComlink: BundleSize;
  readonly coreEngineAlone: BundleSize;
  /** What the worker takes from core, protocol and idb, without the SDK's own code. */
  readonly workerDependenciesAlone: BundleSize;
}

/** Builds everything in a temporary directory and measures it. */
export async function measureBundles(): Promise<BundleSizes> {
  const dir = mkdtempSync(join(tmpdir(), 'crowdbandit-sdk-bundle-'));
  try {
    // As an app that imports the SDK builds it. Built as a library entry instead (its exports
    // kept exactly), shared code would go to chunks of its own, which no app's build has; and
    // only Vite's worker build leaves out the preload helper a worker has no use for.
    const workerChunks: Chunk[] = [];
    const main = await bundle('virtual:app', join(dir, 'main'), { app: true, workerChunks });
    const entry = upFront(main);
    const inThread = main.filter((c) => !entry.includes(c));
    const workerUpFront = upFront(workerChunks);
    const lazyChunk = (name: string) => {
      const found = workerChunks.filter(
        (c) => !workerUpFront.includes(c) && c.fileName.startsWith(`assets/${name}-`),
      );
      if (found.length === 0) throw new Error(`the worker has no lazy chunk ${name}`);
      return found;
    };
    // A lazy chunk with the chunks it imports that the worker has not loaded up front (code
    // shared by two lazy chunks, such as the protocol's experiment deltas, is a chunk of its
    // own, counted with each).
    const byName = new Map(workerChunks.map((c) => [c.fileName, c]));
    const withShared = (chunks: Chunk[]): Chunk[] => {
      const out = new Set(chunks);
      for (const chunk of out) {
        for (const name of chunk.imports) {
          const next = byName.get(name);
          if (next && !workerUpFront.includes(next)) out.add(next);
        }
      }
      return [...out];
    };
    const lazy = ['connect-edge', 'intervals', 'memory-store', 'experiments'].map((name) =>
      withShared(lazyChunk(name)),
    );
    const unknown = workerChunks.filter(
      (c) => !workerUpFront.includes(c) && !lazy.flat().includes(c),
    );
    if (unknown.length > 0) {
      throw new Error(
        `measure the worker's new lazy chunks too: ${unknown.map((c) => c.fileName)}`,
      );
    }
    const ownCode = upFront(
      await bundle('virtual:app', join(dir, 'own'), { app: true, ownCodeOnly: true }),
    );
    const stubbedWorker: Chunk[] = [];
    const stubbed = upFront(
      await bundle('virtual:app', join(dir, 'stubbed'), {
        app: true,
        ownCodeOnly: true,
        stubComlink: true,
        workerChunks: stubbedWorker,
      }),
    );
    const core = await bundle('virtual:core-engine', join(dir, 'core'));
    const dependencies = await bundle('virtual:worker-dependencies', join(dir, 'dependencies'));
    return {
      main: measure(entry),
      mainOwnCode: measure(ownCode),
      worker: measure(workerUpFront),
      workerSync: measure(lazy[0]!),
      workerIntervals: measure(lazy[1]!),
      workerMemoryStore: measure(lazy[2]!),
      workerExperiments: measure(lazy[3]!),
      inThreadHost: measure(inThread),
      mainOwnCodeWithoutComlink: measure(stubbed),
      workerWithoutComlink: measure(upFront(stubbedWorker)),
      coreEngineAlone: measure(core),
      workerDependenciesAlone: measure(dependencies),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
