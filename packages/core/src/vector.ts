/**
 * Euclidean norm.
 *
 * @example
 * vectorNorm([3, 4]); // 5
 */
export function vectorNorm(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] ?? 0) * (v[i] ?? 0);
  return Math.sqrt(sum);
}

/**
 * Cosine similarity of two vectors (0 when either is zero or their lengths differ).
 *
 * @example
 * cosine([1, 0], [1, 1]); // ≈ 0.707
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const na = vectorNorm(a);
  const nb = vectorNorm(b);
  if (na === 0 || nb === 0 || a.length !== b.length) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot / (na * nb);
}
