// Internal: the input checks shared by the experiment analyses.
import { CrowdbanditError, describeValue } from '../errors.ts';
import type { Counts } from '../prior.ts';

function refuse(field: string, message: string): never {
  throw new CrowdbanditError('invalid_option', `${field} ${message}`, field);
}

/** Throws unless `counts` is `{ s, f }` with finite numbers >= 0 (users who did / did not convert). */
export function checkCounts(counts: Counts, field: string): void {
  if (typeof counts !== 'object' || counts === null) {
    refuse(field, `must be counts { s, f }, got ${describeValue(counts)}`);
  }
  for (const key of ['s', 'f'] as const) {
    const value = counts[key];
    if (!(typeof value === 'number' && value >= 0 && value < Number.POSITIVE_INFINITY)) {
      refuse(`${field}.${key}`, `must be a finite number >= 0, got ${describeValue(value)}`);
    }
  }
}

/** Throws unless `arms` is an array of at least `min` valid counts. */
export function checkArms(arms: readonly Counts[], field: string, min: number): void {
  if (!Array.isArray(arms) || arms.length < min) {
    refuse(
      field,
      `must be an array of at least ${min} counts { s, f }, got ${describeValue(arms)}`,
    );
  }
  arms.forEach((counts, i) => {
    checkCounts(counts, `${field}[${i}]`);
  });
}

/** Throws unless `value` is a number strictly between 0 and 1. */
export function checkUnit(value: number, field: string): void {
  if (!(typeof value === 'number' && value > 0 && value < 1)) {
    refuse(field, `must be a number in (0, 1), got ${describeValue(value)}`);
  }
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(value: number, field: string): void {
  if (!(typeof value === 'number' && value > 0 && value < Number.POSITIVE_INFINITY)) {
    refuse(field, `must be a finite number > 0, got ${describeValue(value)}`);
  }
}

export { refuse };
