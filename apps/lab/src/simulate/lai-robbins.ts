/**
 * The Kullback–Leibler divergence KL(p ‖ q) of two Bernoulli distributions, in nats.
 *
 * @example
 * bernoulliKl(0.4, 0.5); // 0.02013…
 */
export function bernoulliKl(p: number, q: number): number {
  const term = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(x / y));
  return term(p, q) + term(1 - p, 1 - q);
}

/**
 * The Lai–Robbins constant C = Σ over suboptimal arms of Δᵢ / KL(μᵢ ‖ μ*): any consistent
 * policy's expected regret grows at least as C·ln T (Lai & Robbins 1985), so it gains at
 * least C·ln 10 per decade of T.
 *
 * @example
 * laiRobbinsConstant([0.5, 0.4, 0.4]); // 2 × 0.1 / 0.02013 = 9.93…
 */
export function laiRobbinsConstant(rates: ArrayLike<number>): number {
  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < rates.length; i++) best = Math.max(best, rates[i]!);
  let sum = 0;
  for (let i = 0; i < rates.length; i++) {
    const gap = best - rates[i]!;
    if (gap > 0) sum += gap / bernoulliKl(rates[i]!, best);
  }
  return sum;
}

/**
 * Regret added per decade of T between checkpoints `from` and `to` of one regret curve.
 *
 * @example
 * regretPerDecade([10, 100, 1000], [5, 20, 41], 100, 1000); // 21
 */
export function regretPerDecade(
  checkpoints: ArrayLike<number>,
  regret: ArrayLike<number>,
  from: number,
  to: number,
): number {
  const at = (t: number) => {
    for (let i = 0; i < checkpoints.length; i++) if (checkpoints[i] === t) return regret[i]!;
    throw new RangeError(`no checkpoint at T = ${t}`);
  };
  return (at(to) - at(from)) / Math.log10(to / from);
}
