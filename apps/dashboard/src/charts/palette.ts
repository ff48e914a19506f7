/** Distinguishable series colours (Tableau 10), in order of use. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
] as const;

/** The colour of the i-th series. */
export function colour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A colour with an alpha (for bands and areas), from a `#rrggbb` one. */
export function translucent(hex: string, alpha: number): string {
  const a = Math.round(alpha * 255)
    .toString(16)
    .padStart(2, '0');
  return `${hex}${a}`;
}
