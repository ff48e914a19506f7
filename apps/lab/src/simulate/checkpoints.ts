/**
 * Log-spaced checkpoints from 10 to `horizon`: `perDecade` points per decade, rounded and
 * without duplicates, always including every power of 10 up to the horizon, the horizon and
 * a tenth of it (the last decade's slope is measured between those two).
 *
 * @example
 * logCheckpoints(1000, 2); // Int32Array [10, 32, 100, 316, 1000]
 */
export function logCheckpoints(horizon: number, perDecade = 10): Int32Array {
  if (!(Number.isInteger(horizon) && horizon >= 1)) {
    throw new RangeError(`horizon must be a positive integer, got ${String(horizon)}`);
  }
  const points = new Set<number>();
  const top = Math.log10(horizon) * perDecade;
  for (let j = perDecade; j <= top + 1e-9; j++) points.add(Math.round(10 ** (j / perDecade)));
  points.add(horizon);
  if (horizon >= 100 && horizon % 10 === 0) points.add(horizon / 10);
  return Int32Array.from([...points].filter((t) => t <= horizon).sort((a, b) => a - b));
}
