import { betaInterval } from './beta-distribution.ts';

/**
 * Adds the equal-tailed posterior interval (95% by default) to anything that carries a
 * posterior's `alpha` and `beta`: a ranked item's explanation, a chosen arm, a posterior. The
 * engine leaves intervals out because they cost more than the rest of a decision.
 *
 * @example
 * const [top] = engine.rank('home-feed', films);
 * const { interval } = withInterval(top.explanation); // [0.41, 0.77]
 */
export function withInterval<T extends { readonly alpha: number; readonly beta: number }>(
  value: T,
  level = 0.95,
): T & { readonly interval: readonly [number, number] } {
  return { ...value, interval: betaInterval(value.alpha, value.beta, level) };
}
