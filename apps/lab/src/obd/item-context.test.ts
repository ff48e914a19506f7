import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readItemCount } from './item-context.ts';

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'item-context-')), name);
  writeFileSync(file, content);
  return file;
}

const HEADER = ',item_id,item_feature_0';

describe('readItemCount', () => {
  it('counts the items of a plain or gzipped item_context.csv, in any order', async () => {
    const text = [HEADER, '0,2,0.5', '1,0,0.1', '2,1,-0.3', ''].join('\n');
    expect(await readItemCount(tempFile('item_context.csv', text))).toBe(3);
    expect(await readItemCount(tempFile('item_context.csv.gz', gzipSync(text)))).toBe(3);
  });

  it.each([
    ['a repeated id', [HEADER, '0,0,0.5', '1,0,0.1'], /:3: item_id 0 again \(first on line 2\)/],
    ['a gap in the ids', [HEADER, '0,0,0.5', '1,2,0.1'], /item_id 1 is missing/],
    ['a bad id', [HEADER, '0,x,0.5'], /:2: bad item_id x/],
    ['a short row', [HEADER, '0,0'], /:2: 2 fields, the header has 3/],
    ['no item_id column', [',id,f'], /:1: no item_id column/],
  ])('refuses %s, naming the file', async (_, lines, message) => {
    const file = tempFile('item_context.csv', lines.join('\n'));
    await expect(readItemCount(file)).rejects.toThrow(message);
    await expect(readItemCount(file)).rejects.toThrow(file);
  });
});
