/**
 * Counts travel in thousandths: s and f are whole numbers of milli-units on the wire, so the
 * edge can sum them exactly as integers.
 *
 * @example
 * toMilli(0.75); // 750 === 0.75 * COUNT_SCALE
 */
export const COUNT_SCALE = 1000;

/**
 * Rounds a count to the nearest thousandth (halves away from zero for positive counts), the
 * precision the wire carries. Idempotent.
 *
 * @example
 * quantize(1 / 3); // 0.333
 * quantize(0.0005); // 0.001
 */
export function quantize(x: number): number {
  return Math.round(x * COUNT_SCALE) / COUNT_SCALE;
}

/**
 * A count as an integer number of milli-units.
 *
 * @example
 * toMilli(2.5); // 2500
 * toMilli(0.0004); // 0
 */
export function toMilli(x: number): number {
  return Math.round(x * COUNT_SCALE);
}

/**
 * Milli-units back to a count; `fromMilli(toMilli(x)) === quantize(x)`.
 *
 * @example
 * fromMilli(2500); // 2.5
 */
export function fromMilli(m: number): number {
  return m / COUNT_SCALE;
}
