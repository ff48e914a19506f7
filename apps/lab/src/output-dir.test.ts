import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputDir, toJson } from './output-dir.ts';

describe('outputDir', () => {
  it('creates the folder and lists what it wrote', () => {
    const root = join(mkdtempSync(join(tmpdir(), 'lab-out-')), 'nested');
    const out = outputDir(root);
    const file = out.write('a/b.json', '{}');
    expect(readFileSync(file, 'utf8')).toBe('{}');
    expect(out.written).toHaveLength(1);
  });
});

describe('toJson', () => {
  it('rounds fractions to 6 significant digits and keeps integers', () => {
    expect(JSON.parse(toJson({ r: 0.912345678, n: 1_000_000, x: [1 / 3] }))).toEqual({
      r: 0.912346,
      n: 1_000_000,
      x: [0.333333],
    });
  });
});
