import type { EngineOptions } from './engine-types.ts';
import { CrowdbanditError, describeValue } from './errors.ts';

/** Throws `invalid_option` unless the options are an object naming at least one decision. */
export function checkEngineOptions(options: EngineOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new CrowdbanditError(
      'invalid_option',
      `options: must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  if (
    typeof options.decisions !== 'object' ||
    options.decisions === null ||
    Object.keys(options.decisions).length === 0
  ) {
    throw new CrowdbanditError(
      'invalid_option',
      'decisions: must name at least one decision, e.g. { "home-feed": { kind: "rank" } }',
      'decisions',
    );
  }
}

/** A call's `k`, which must be a positive integer. */
export function checkK(k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new CrowdbanditError(
      'invalid_option',
      `k must be a positive integer, got ${describeValue(k)}`,
      'k',
    );
  }
  return k;
}
