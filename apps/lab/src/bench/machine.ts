import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';
import { REPO_ROOT } from '../obd/obd-paths.ts';
import { installedVersion } from './peer-bundles.ts';

/** What the benchmarks ran on. */
export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly commit: string;
  readonly packages: Readonly<Record<string, string | null>>;
}

/** Packages whose versions shape the figures. */
const VERSIONED = [
  '@crowdbandit/core',
  '@crowdbandit/protocol',
  '@crowdbandit/sdk',
  '@crowdbandit/edge',
  'vite',
  'wrangler',
  'workerd',
  'playwright-core',
  'typescript',
  '@stdlib/random-base-beta',
  'jstat',
];

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT })
      .toString()
      .trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: REPO_ROOT })
      .toString()
      .trim();
    return dirty.length > 0 ? `${sha} + uncommitted changes` : sha;
  } catch {
    return 'unknown';
  }
}

/**
 * The machine, runtime, commit and package versions, for the header of BENCHMARKS.md.
 *
 * @example
 * machineInfo().cpu; // 'AMD EPYC 7B13'
 */
export function machineInfo(extra: readonly string[] = []): MachineInfo {
  const list = cpus();
  return {
    date: new Date().toISOString(),
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    commit: commit(),
    packages: Object.fromEntries(
      [...VERSIONED, ...extra].map((name) => [name, installedVersion(name)]),
    ),
  };
}
