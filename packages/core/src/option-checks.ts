// The checks behind every configuration error of core and the SDK, declared as data (one
// shape per options object), so they all read the same way, `<field>: must be <what>, got
// <value>`, and so a page can check a whole configuration with little code.
import { CrowdbanditError, describeValue } from './errors.ts';

/** Checks one value found at `field`; throws an `invalid_option` error naming the field. */
export type Check = (value: unknown, field: string) => void;

/** Throws an `invalid_option` error: `<field>: <message>`. */
export function refuse(field: string, message: string): never {
  throw new CrowdbanditError('invalid_option', `${field}: ${message}`, field);
}

/** Refuses `value` unless `ok`, saying what it must be. */
export function mustBe(ok: boolean, field: string, what: string, value: unknown): void {
  if (!ok) refuse(field, `must be ${what}, got ${describeValue(value)}`);
}

/**
 * A check from a test and what a value passing it is.
 *
 * @example
 * const integer = rule(Number.isInteger, 'an integer');
 * integer(1.5, 'seed'); // throws: seed: must be an integer, got 1.5
 */
/* @__NO_SIDE_EFFECTS__ */
export const rule =
  (ok: (value: never) => boolean, what: string): Check =>
  (value, field) =>
    mustBe(ok(value as never), field, what, value);

/**
 * A number in `[min, max]` (NaN is not); `min` Number.MIN_VALUE reads "above 0".
 *
 * @example
 * range(0, 1)(2, 'epsilon'); // throws: epsilon: must be a number in [0, 1], got 2
 */
/* @__NO_SIDE_EFFECTS__ */
export const range = (min: number, max: number): Check =>
  rule(
    (value: number) => typeof value === 'number' && value >= min && value <= max,
    `a number in ${min === Number.MIN_VALUE ? '(0' : `[${min}`}, ${max}]`,
  );

/**
 * One of the listed strings.
 *
 * @example
 * oneOf('rank', 'choose')('sort', 'kind'); // throws: kind: must be 'rank' or 'choose', got "sort"
 */
/* @__NO_SIDE_EFFECTS__ */
export const oneOf = (...allowed: string[]): Check =>
  rule((value: string) => allowed.includes(value), `'${allowed.join("' or '")}'`);

/** An integer ≥ 1. */
export const positiveInt = rule((v: number) => Number.isInteger(v) && v >= 1, 'a positive integer');

/** A finite number ≥ 0. */
export const weight = rule((v: number) => Number.isFinite(v) && v >= 0, 'a finite number ≥ 0');

/** `true` or `false`. */
export const flag = rule((v) => typeof v === 'boolean', 'true or false');

/** A non-null object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object with only the listed fields, each checked unless undefined; `required` names
 * the fields that must be there (`true`: all). A misspelt field is refused with the names it
 * could be. Fields are named `<field>.<key>`, or `<key>` when `field` is empty.
 *
 * @example
 * const prior = shape({ alpha: range(0, 1e9), beta: range(0, 1e9) }, true);
 * prior({ alpha: 2 }, 'prior'); // throws: prior.beta: must be a number in [0, 1000000000], got undefined
 * prior({ alpah: 2, beta: 1 }, 'prior'); // throws: prior.alpah: unknown option (known: alpha, beta)
 */
/* @__NO_SIDE_EFFECTS__ */
export const shape =
  (fields: Readonly<Record<string, Check>>, required: true | readonly string[] = []): Check =>
  (value, field) => {
    mustBe(isRecord(value), field || 'options', 'an object', value);
    const known = Object.keys(fields);
    const record = value as Record<string, unknown>;
    const at = field ? `${field}.` : '';
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) refuse(at + key, `unknown option (known: ${known.join(', ')})`);
    }
    for (const key of known) {
      if (required === true || required.includes(key) || record[key] !== undefined) {
        fields[key]!(record[key], at + key);
      }
    }
  };

/**
 * An object of any keys whose every value passes `each`.
 *
 * @example
 * recordOf(positiveInt)({ genre: 0 }, 'caps'); // throws: caps.genre: must be a positive integer, got 0
 */
/* @__NO_SIDE_EFFECTS__ */
export const recordOf =
  (each: Check): Check =>
  (value, field) => {
    mustBe(isRecord(value), field, 'an object', value);
    for (const [key, item] of Object.entries(value as object)) each(item, `${field}.${key}`);
  };

/**
 * An array of `min`–`max` distinct items, each passing `each`.
 *
 * @example
 * listOf(rule((v) => v === 'a', "'a'"), 1, 2)(['a', 'a'], 'arms'); // throws: arms: must not repeat "a"
 */
/* @__NO_SIDE_EFFECTS__ */
export const listOf =
  (each: Check, min: number, max: number): Check =>
  (value, field) => {
    const ok = Array.isArray(value) && value.length >= min && value.length <= max;
    mustBe(ok, field, `an array of ${min}–${max} items`, value);
    (value as unknown[]).forEach((item, i) => {
      each(item, `${field}[${i}]`);
      if ((value as unknown[]).indexOf(item) < i)
        refuse(field, `must not repeat ${describeValue(item)}`);
    });
  };

/** Lets `null` through as well (it stands for the default). */
/* @__NO_SIDE_EFFECTS__ */
export const orNull =
  (check: Check): Check =>
  (value, field) => {
    if (value !== null) check(value, field);
  };
