/**
 * A Markdown table.
 *
 * @example
 * markdownTable(['a', 'b'], [['1', '2']], ['left', 'right']);
 * // | a | b |\n|:--|--:|\n| 1 | 2 |
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = header.map((_, i) => (i === 0 ? 'left' : 'right')),
): string {
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [
    line(header),
    `|${align.map((a) => (a === 'left' ? ':--' : '--:')).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/**
 * Bytes as KB (1,024 bytes) with one decimal.
 *
 * @example
 * kb(8083); // '7.9 KB'
 */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * The date part and hour of an ISO timestamp, for "measured on" notes.
 *
 * @example
 * day('2026-11-22T05:20:02.262Z'); // '2026-11-22 05:20 UTC'
 */
export function day(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
