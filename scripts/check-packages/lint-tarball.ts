// Internal to check-packages: publint and "are the types wrong?" on the tarball that npm
// would publish (the same file the consumer app installs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { ROOT, type Tarball } from './publishable.ts';
import { runCommand } from './run-command.ts';

/**
 * The packages are ESM only (STYLE.md, practice 1), so attw runs with its `esm-only`
 * profile, which leaves out two resolution modes that cannot load them by design:
 * - `node10` (TypeScript's `moduleResolution: "node"`) reads no `exports` map, so it finds no
 *   entry point at all; TypeScript 7 (this repository's) no longer has that mode;
 * - `node16-cjs` (a CommonJS file that `require`s the package) is told the package is ESM, to
 *   be loaded with `import()`.
 * Every other problem (`node16` from ESM, `bundler`, wrong or missing types) fails the check.
 */
export const ATTW_PROFILE = 'esm-only';
const IGNORED_RESOLUTIONS: ReadonlySet<string> = new Set(['node10', 'node16-cjs']);

/** publint's verdict: `strict` makes its warnings errors; suggestions count too. */
export async function publintTarball(tarball: Tarball): Promise<string> {
  const bytes = readFileSync(tarball.path);
  const { messages, pkg } = await publint({
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  if (messages.length > 0) {
    const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`);
    throw new Error(lines.join('\n'));
  }
  return 'clean';
}

interface AttwProblem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
}

interface AttwJson {
  readonly analysis: { readonly types?: { readonly kind: string } };
  readonly problems?: Readonly<Record<string, readonly AttwProblem[]>>;
}

const where = (p: AttwProblem) =>
  `${p.kind} (${p.entrypoint ?? 'package'}${p.resolutionKind ? `, ${p.resolutionKind}` : ''})`;

/**
 * `attw <tarball> --profile esm-only`: what `attw --pack <dir>` does, minus its own
 * `npm pack`, so the types checked are those of the tarball the app installs.
 */
export async function attwTarball(tarball: Tarball): Promise<string> {
  const attw = join(ROOT, 'node_modules/.bin/attw');
  const args = [tarball.path, '--profile', ATTW_PROFILE, '--format', 'json', '--no-color'];
  // attw exits with 1 when it finds a problem, and prints it as JSON all the same.
  const { stdout, code } = await runCommand(attw, args, { cwd: ROOT, ok: [0, 1] });
  const result = JSON.parse(stdout) as AttwJson;
  const problems = Object.values(result.problems ?? {}).flat();
  const counted = problems.filter(
    (p) => p.resolutionKind === undefined || !IGNORED_RESOLUTIONS.has(p.resolutionKind),
  );
  if (counted.length > 0 || code !== 0) {
    throw new Error(`attw (${ATTW_PROFILE}) found: ${counted.map(where).join('; ')}`);
  }
  if (result.analysis.types?.kind !== 'included') {
    throw new Error(`types are not in the package (attw: ${result.analysis.types?.kind})`);
  }
  const ignored = [...new Set(problems.map((p) => p.resolutionKind))].join(', ');
  return ignored === '' ? 'clean' : `clean (${ATTW_PROFILE}: ${ignored} not checked)`;
}
