import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads a JSON file, or null when it is absent or unreadable.
 *
 * @example
 * const core = readJson<CoreResult>('bench/results/core.json');
 */
export function readJson<T>(file: string): T | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
