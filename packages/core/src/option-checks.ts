// Internal: the checks behind every configuration error, so they all read the same way:
// `<field>: must be <what>, got <value>`.
import { CrowdbanditError, describeValue } from './errors.ts';

/** Throws an `invalid_option` error: `<field>: <message>`. */
export function refuse(field: string, message: string): never {
  throw new CrowdbanditError('invalid_option', `${field}: ${message}`, field);
}

/** Refuses `value` unless `ok`, saying what it must be. */
export function mustBe(ok: boolean, field: string, what: string, value: unknown): void {
  if (!ok) refuse(field, `must be ${what}, got ${describeValue(value)}`);
}

/** A number in `[min, max]` (NaN is not); `min` Number.MIN_VALUE reads "above 0". */
export function checkRange(value: unknown, field: string, min: number, max: number): void {
  const from = min === Number.MIN_VALUE ? '(0' : `[${min}`;
  mustBe(
    typeof value === 'number' && value >= min && value <= max,
    field,
    `a number in ${from}, ${max}]`,
    value,
  );
}

/** An integer ≥ 1. */
export function checkPositiveInt(value: unknown, field: string): void {
  mustBe(Number.isInteger(value) && (value as number) >= 1, field, 'a positive integer', value);
}

/** A finite number ≥ 0. */
export function checkWeight(value: unknown, field: string): void {
  mustBe(Number.isFinite(value) && (value as number) >= 0, field, 'a finite number ≥ 0', value);
}

/** A non-null object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
