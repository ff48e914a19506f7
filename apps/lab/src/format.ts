/**
 * Lays out rows as a plain-text table: columns padded to their widest cell, numbers (cells
 * that start with a digit, sign or dot) right-aligned, a rule under the header.
 *
 * @example
 * table([['policy', 'regret'], ['thompson', '336.3']]);
 * // policy    regret
 * // --------  ------
 * // thompson   336.3
 */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  const numeric = /^[-+−]?[\d.]/;
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) =>
        i > 0 && numeric.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (header === undefined) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/**
 * A number with `digits` significant figures and thousands separators for large values.
 *
 * @example
 * figure(1234567.8); // '1,234,568'
 * figure(0.0123456); // '0.0123'
 */
export function figure(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 10 });
}

/**
 * A value with its 95% interval: `1.03 [0.95, 1.11]`.
 *
 * @example
 * withInterval({ value: 1.034, low: 0.951, high: 1.112 }); // '1.03 [0.951, 1.11]'
 */
export function withInterval(e: { value: number; low: number; high: number }, digits = 3): string {
  return `${figure(e.value, digits)} [${figure(e.low, digits)}, ${figure(e.high, digits)}]`;
}

/**
 * A rate as a percentage: `0.46%`.
 *
 * @example
 * percent(0.0046); // '0.46%'
 */
export function percent(value: number, decimals = 2): string {
  return `${(value * 100).toFixed(decimals)}%`;
}
