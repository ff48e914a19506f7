import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT } from './obd/obd-paths.ts';

/** Where results go unless `--out` says otherwise (gitignored). */
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'lab-results');

/**
 * Writes files into an output directory (created if needed) and reports what it wrote.
 *
 * @example
 * const out = outputDir(values.out);
 * out.write('simulate.json', JSON.stringify(result));
 * out.written; // ['lab-results/simulate.json']
 */
export function outputDir(dir: string | undefined) {
  const root = resolve(dir ?? DEFAULT_OUT_DIR);
  const written: string[] = [];
  return {
    root,
    written,
    write(name: string, content: string): string {
      const file = join(root, name);
      mkdirSync(resolve(file, '..'), { recursive: true });
      writeFileSync(file, content);
      written.push(relative(process.cwd(), file) || file);
      return file;
    },
  };
}

/**
 * Results as JSON, numbers rounded to 6 significant digits (simulation noise is far larger)
 * so that committed copies stay small and diff well.
 *
 * @example
 * toJson({ ratio: 0.91234567 }); // '{\n "ratio": 0.912346\n}\n'
 */
export function toJson(value: unknown): string {
  const round = (_: string, v: unknown) =>
    typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)
      ? Number(v.toPrecision(6))
      : v;
  return `${JSON.stringify(value, round, 1)}\n`;
}
