import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as client from './client.ts';
import * as main from './index.ts';

/** Every bare module a file reaches through value (not type-only) imports and re-exports. */
function runtimeDependencies(file: URL, seen = new Set<string>()): Set<string> {
  const bare = new Set<string>();
  if (seen.has(file.href)) return bare;
  seen.add(file.href);
  const source = readFileSync(file, 'utf8');
  const statements = source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms);
  for (const [, typeOnly, specifier] of statements) {
    if (typeOnly || !specifier) continue;
    if (specifier.startsWith('.')) {
      for (const dep of runtimeDependencies(new URL(specifier, file), seen)) bare.add(dep);
    } else bare.add(specifier);
  }
  return bare;
}

describe('the client entry', () => {
  it('imports nothing outside this package, so no zod reaches the browser', () => {
    expect([...runtimeDependencies(new URL('./client.ts', import.meta.url))]).toEqual([]);
  });

  it('is a subset of the main entry, with the same functions', () => {
    const exported = new Map(Object.entries(main));
    for (const [name, value] of Object.entries(client))
      expect(exported.get(name), name).toBe(value);
  });

  it('the main entry does use zod (so the check above can fail)', () => {
    expect([...runtimeDependencies(new URL('./index.ts', import.meta.url))]).toContain('zod/mini');
  });
});
