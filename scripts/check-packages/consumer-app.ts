// Internal to check-packages: the scratch Vite app that installs the tarballs, its type check
// and its production build.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'vite';
import { consumerFiles } from './consumer-files.ts';
import { type Publishable, ROOT, type Tarball } from './publishable.ts';
import { runCommand } from './run-command.ts';

/**
 * The modules the SDK's worker imports on demand (`import()` in packages/sdk/src): the sync
 * code, the interval math and the memory store. Each must be a chunk of the worker bundle.
 */
export const LAZY_WORKER_MODULES = ['connect-edge', 'intervals', 'memory-store'] as const;

/** A runtime dependency installed from this repository's node_modules. */
export interface LocalDependency {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

function manifestOf(dir: string): { version: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/**
 * The packages' third-party runtime dependencies and theirs, as installed here: in the
 * node_modules of the package that asks, else in the root's.
 */
export function localDependencies(packages: readonly Publishable[]): LocalDependency[] {
  const ours = new Set(packages.map((p) => p.name));
  const found = new Map<string, LocalDependency>();
  const queue = packages.flatMap((p) =>
    Object.keys(p.dependencies).map((name) => ({ name, from: p.dir })),
  );
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { name, from } = next;
    if (ours.has(name) || found.has(name)) continue;
    const dir = [join(from, 'node_modules', name), join(ROOT, 'node_modules', name)].find((d) =>
      existsSync(join(d, 'package.json')),
    );
    if (dir === undefined) throw new Error(`${name} is not installed: run npm ci first`);
    const manifest = manifestOf(dir);
    found.set(name, { name, version: manifest.version, dir });
    for (const dep of Object.keys(manifest.dependencies ?? {}))
      queue.push({ name: dep, from: dir });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes the app's files into `appDir`, its dependencies the tarballs and local copies. */
export function writeConsumerApp(
  appDir: string,
  tarballs: ReadonlyMap<string, Tarball>,
  locals: readonly LocalDependency[],
): void {
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of tarballs) dependencies[name] = `file:${tarball.path}`;
  for (const dep of locals) dependencies[dep.name] = `file:${dep.dir}`;
  for (const [path, text] of Object.entries(consumerFiles(dependencies))) {
    mkdirSync(dirname(join(appDir, path)), { recursive: true });
    writeFileSync(join(appDir, path), text);
  }
}

/**
 * `npm install` with no registry at all: the tarballs, and the third-party dependencies
 * copied (`--install-links`) from this repository's node_modules. npm still resolves the
 * packages' declared versions against them: a version that does not match would send it to
 * the registry, which `--offline` refuses. Its cache is a folder of the app, deleted with it.
 */
export async function installConsumerApp(appDir: string): Promise<number> {
  const args = ['install', '--offline', '--install-links', '--ignore-scripts'];
  args.push('--no-audit', '--no-fund', '--cache', join(appDir, '.npm-cache'));
  const { ms } = await runCommand('npm', args, { cwd: appDir });
  return ms;
}

/** `tsc --noEmit` with the app's strict tsconfig, declaration files included. */
export async function typecheckConsumerApp(appDir: string): Promise<number> {
  const { ms } = await runCommand(join(ROOT, 'node_modules/.bin/tsc'), ['-p', appDir], {
    cwd: appDir,
  });
  return ms;
}

/**
 * Imports every entry point of every package in Node from the app (Node's own ESM resolution:
 * the exports maps, file extensions, no TypeScript left in the JS); returns them with the
 * number of names each exports.
 */
export async function importInNode(
  appDir: string,
  packages: readonly Publishable[],
): Promise<Array<readonly [string, number]>> {
  const specifiers = packages.flatMap((p) =>
    p.entryPoints.map((entry) => (entry === '.' ? p.name : `${p.name}/${entry.slice(2)}`)),
  );
  const script = `const out = [];
for (const specifier of ${JSON.stringify(specifiers)}) {
  out.push([specifier, Object.keys(await import(specifier)).length]);
}
process.stdout.write(JSON.stringify(out));`;
  const { stdout } = await runCommand(process.execPath, ['--input-type=module', '--eval', script], {
    cwd: appDir,
  });
  const imported = JSON.parse(stdout) as Array<readonly [string, number]>;
  const empty = imported.filter(([, names]) => names === 0).map(([specifier]) => specifier);
  if (empty.length > 0) throw new Error(`no exports from ${empty.join(', ')}`);
  return imported;
}

/** The production build, as far as the checks need it. */
export interface ConsumerBundle {
  /** The page's entry chunk, e.g. `assets/index-abc.js`. */
  readonly entry: string;
  /** The worker's entry chunk, e.g. `assets/worker-entry-def.js`. */
  readonly worker: string;
  /** Every chunk of the worker bundle, the entry first, as paths under dist. */
  readonly workerChunks: readonly string[];
  /** The chunk of each of {@link LAZY_WORKER_MODULES}. */
  readonly lazy: ReadonlyMap<string, string>;
  readonly bytes: ReadonlyMap<string, number>;
}

const RELATIVE_IMPORT = /(?:import\(|from|import)\s*["'`](\.\/[^"'`]+\.js)["'`]/g;

/** The chunks a chunk imports (statically or with `import()`), as paths under dist. */
function importsOf(dist: string, chunk: string): string[] {
  const code = readFileSync(join(dist, chunk), 'utf8');
  return [...code.matchAll(RELATIVE_IMPORT)].map((m) => join(dirname(chunk), m[1] as string));
}

/** Runs `vite build` in the app (its own vite.config.js) and checks the worker's chunks. */
export async function buildConsumerApp(appDir: string): Promise<ConsumerBundle> {
  const warnings: string[] = [];
  await build({
    root: appDir,
    logLevel: 'warn',
    customLogger: {
      info: () => undefined,
      warn: (message) => void warnings.push(message),
      warnOnce: (message) => void warnings.push(message),
      error: (message) => void warnings.push(message),
      clearScreen: () => undefined,
      hasErrorLogged: () => false,
      hasWarned: false,
    },
  });
  if (warnings.length > 0) throw new Error(`vite build warned:\n${warnings.join('\n')}`);

  const dist = join(appDir, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error('dist/index.html loads no module script');
  const assets = readdirSync(join(dist, 'assets')).map((name) => `assets/${name}`);
  const workers = assets.filter((path) => /^assets\/worker-entry-[\w-]+\.js$/.test(path));
  if (workers.length !== 1) {
    throw new Error(
      `expected one worker-entry chunk, found ${workers.length}: ${assets.join(', ')}`,
    );
  }
  const worker = workers[0] as string;
  const referencing = assets.filter(
    (path) => path.endsWith('.js') && readFileSync(join(dist, path), 'utf8').includes(`/${worker}`),
  );
  if (referencing.length === 0) throw new Error(`no chunk of the page starts ${worker}`);

  const workerChunks = [worker];
  for (const chunk of workerChunks) {
    for (const imported of importsOf(dist, chunk)) {
      if (!existsSync(join(dist, imported))) {
        throw new Error(`${chunk} imports ${imported}, which the build did not emit`);
      }
      if (!workerChunks.includes(imported)) workerChunks.push(imported);
    }
  }
  const lazy = new Map<string, string>();
  for (const name of LAZY_WORKER_MODULES) {
    const chunk = workerChunks.find((path) => path.startsWith(`assets/${name}-`));
    if (chunk === undefined) {
      throw new Error(`the worker bundle has no ${name} chunk (it has ${workerChunks.join(', ')})`);
    }
    lazy.set(name, chunk);
  }
  const bytes = new Map(assets.map((path) => [path, statSync(join(dist, path)).size]));
  return { entry, worker, workerChunks, lazy, bytes };
}
