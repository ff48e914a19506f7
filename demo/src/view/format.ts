/** 0.714 → "71%". */
export const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** 519_223 → "519k". */
export function votes(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 1000) return `${Math.round(n / 1000)}k`;
  return String(n);
}

/** "genre:Drama" → "Drama (genre)". */
export function feature(f: string): string {
  const colon = f.indexOf(':');
  return colon === -1 ? f : `${f.slice(colon + 1)} (${f.slice(0, colon)})`;
}
