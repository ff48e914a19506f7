// Internal: hand-written validators for the client bundle. Each mirrors a zod schema in this
// package (the tests hold both to the same accept/reject tables), at a fraction of the bytes.
import type { Decoded, WireIssue } from './decoded.ts';
import { WIRE_TEXT } from './text-rules.ts';

/** A problem found by a guard; `path` is relative to the value the guard was given. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Returns the first problem with `value`, or undefined when it is valid. */
export type Guard = (value: unknown) => Problem | undefined;

type Fields = Readonly<Record<string, Guard>>;

const problem = (message: string): Problem => ({ path: [], message });

const within = (key: string | number, found: Problem | undefined): Problem | undefined =>
  found && { path: [key, ...found.path], message: found.message };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A problem as a wire issue, its path joined with dots like {@link issuesFromZod}. */
export const toIssue = (found: Problem): WireIssue => ({
  path: found.path.join('.'),
  message: found.message,
});

/** A string of `min..max` UTF-16 code units matching `pattern`. */
export const text =
  (min: number, max: number, pattern = WIRE_TEXT, what = 'no control characters'): Guard =>
  (value) =>
    typeof value !== 'string'
      ? problem('expected a string')
      : value.length < min || value.length > max
        ? problem(`expected ${min}-${max} characters`)
        : pattern.test(value)
          ? undefined
          : problem(`expected ${what}`);

/** A finite number in `[min, max]`; a safe integer when `integer`. */
export const number =
  (min: number, max = Number.MAX_VALUE, integer = false): Guard =>
  (value) =>
    typeof value !== 'number' || !Number.isFinite(value)
      ? problem('expected a finite number')
      : integer && !Number.isSafeInteger(value)
        ? problem('expected a safe integer')
        : value < min
          ? problem(`expected a number >= ${min}`)
          : value > max
            ? problem(`expected a number <= ${max}`)
            : undefined;

/** A safe integer in `[min, max]`. */
export const whole = (min = 0, max = Number.MAX_SAFE_INTEGER): Guard => number(min, max, true);

/** One of the given primitive values. */
export const oneOf =
  (values: readonly unknown[]): Guard =>
  (value) =>
    values.includes(value) ? undefined : problem(`expected one of ${values.join(', ')}`);

/** An object with the `required` and `optional` fields; other fields are ignored. */
export const object =
  (required: Fields, optional: Fields = {}): Guard =>
  (value) => {
    if (!isObject(value)) return problem('expected an object');
    for (const key in required) {
      const found = within(key, key in value ? required[key]!(value[key]) : problem('required'));
      if (found) return found;
    }
    for (const key in optional) {
      const found = key in value ? within(key, optional[key]!(value[key])) : undefined;
      if (found) return found;
    }
    return undefined;
  };

/** An array of `min..max` items, each accepted by `item`. */
export const array =
  (item: Guard, min: number, max: number): Guard =>
  (value) => {
    if (!Array.isArray(value)) return problem('expected an array');
    if (value.length < min || value.length > max) return problem(`expected ${min}-${max} items`);
    for (let i = 0; i < value.length; i++) {
      const found = within(i, item(value[i]));
      if (found) return found;
    }
    return undefined;
  };

/** An array of exactly `items.length` items, each accepted by its guard. */
export const tuple =
  (items: readonly Guard[]): Guard =>
  (value) => {
    if (!Array.isArray(value) || value.length !== items.length) {
      return problem(`expected an array of ${items.length} items`);
    }
    for (let i = 0; i < items.length; i++) {
      const found = within(i, items[i]!(value[i]));
      if (found) return found;
    }
    return undefined;
  };

/** An object used as a map: every own key accepted by `key`, every value by `item`. */
export const record =
  (key: Guard, item: Guard): Guard =>
  (value) => {
    if (!isObject(value)) return problem('expected an object');
    for (const k of Object.keys(value)) {
      const found = within(k, key(k) ?? item(value[k]));
      if (found) return found;
    }
    return undefined;
  };

/** Runs `guard`, then `rule` on a value that passed it. */
export const refine =
  (guard: Guard, rule: (value: never) => Problem | undefined): Guard =>
  (value) =>
    guard(value) ?? rule(value as never);

/** Turns a guard into a decoder returning {@link Decoded}. */
export const decoder =
  <T>(guard: Guard) =>
  (value: unknown): Decoded<T> => {
    const found = guard(value);
    if (!found) return { ok: true, value: value as T };
    const issue = toIssue(found);
    const message = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
    return { ok: false, error: { message, issues: [issue] } };
  };
