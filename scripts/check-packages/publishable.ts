// Internal to check-packages: the publishable packages, their build and their tarballs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCommand } from './run-command.ts';

/** The repository's root. */
export const ROOT = resolve(import.meta.dirname, '../..');

/** A package of this repository that is published to npm. */
export interface Publishable {
  readonly name: string;
  readonly dir: string;
  readonly version: string;
  /** Runtime dependencies by name, as the manifest declares them. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The keys of its `exports` map, e.g. `.` and `./client`. */
  readonly entryPoints: readonly string[];
}

/** A tarball made by `npm pack`. */
export interface Tarball {
  readonly path: string;
  /** Compressed bytes. */
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
}

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  exports: Record<string, unknown>;
}

/** Core, protocol, sdk: each depends only on those before it. */
export const PUBLISHABLE: readonly Publishable[] = ['core', 'protocol', 'sdk'].map((name) => {
  const dir = join(ROOT, 'packages', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
  return {
    name: manifest.name,
    dir,
    version: manifest.version,
    dependencies: manifest.dependencies ?? {},
    entryPoints: Object.keys(manifest.exports),
  };
});

/** Runs the package's own `build` script (a clean `dist` from tsc); counts what it emitted. */
export async function buildPackage(pkg: Publishable): Promise<{ js: number; dts: number }> {
  await runCommand('npm', ['run', 'build'], { cwd: pkg.dir });
  const dist = join(pkg.dir, 'dist');
  for (const entry of ['index.js', 'index.d.ts']) {
    if (!existsSync(join(dist, entry))) throw new Error(`the build left no dist/${entry}`);
  }
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' });
  return {
    js: files.filter((f) => f.endsWith('.js')).length,
    dts: files.filter((f) => f.endsWith('.d.ts')).length,
  };
}

/**
 * `npm pack` into `destination`. Lifecycle scripts are skipped: `prepack` would build again
 * what {@link buildPackage} has just built.
 */
export async function packPackage(pkg: Publishable, destination: string): Promise<Tarball> {
  const { stdout } = await runCommand(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', destination],
    { cwd: pkg.dir },
  );
  const [packed] = JSON.parse(stdout) as Array<{
    filename: string;
    size: number;
    unpackedSize: number;
    entryCount: number;
  }>;
  if (packed === undefined) throw new Error(`npm pack printed no tarball:\n${stdout}`);
  return {
    path: join(destination, packed.filename),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    entryCount: packed.entryCount,
  };
}
