import { describe, expect, it } from 'vitest';
import { day, kb, markdownTable } from './markdown.ts';

describe('markdown helpers', () => {
  it('writes an aligned Markdown table and escapes pipes', () => {
    expect(markdownTable(['a', 'b'], [['x|y', '2']])).toBe('| a | b |\n|:--|--:|\n| x\\|y | 2 |');
  });

  it('formats sizes and dates', () => {
    expect(kb(8083)).toBe('7.9 KB');
    expect(day('2026-11-22T05:20:02.262Z')).toBe('2026-11-22 05:20 UTC');
  });
});
