import { type ParseArgsConfig, parseArgs } from 'node:util';
import { LabError } from './lab-error.ts';

/**
 * `node:util` parseArgs in strict mode, with its errors turned into a {@link LabError} that
 * points at the command's help.
 *
 * @example
 * const { values } = parseCommandArgs('replay', argv, { data: { type: 'string' } });
 */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new LabError(
      `${error instanceof Error ? error.message : String(error)}\nSee: npm run lab -- ${command} --help`,
    );
  }
}

/**
 * A positive integer option; accepts 1e6 and 1_000_000 forms.
 *
 * @example
 * positiveInteger('--seeds', '20', 20); // 20
 * positiveInteger('--horizon', '1e6', 1); // 1000000
 */
export function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new LabError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * A non-negative number option.
 *
 * @example
 * nonNegative('--kappa', '2000', 1); // 2000
 */
export function nonNegative(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!(n >= 0 && Number.isFinite(n))) {
    throw new LabError(`${flag} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * A comma-separated list whose items must all be among `allowed`.
 *
 * @example
 * listOf('--policies', 'thompson,ucb1', ['thompson', 'ucb1', 'random'], []); // ['thompson', 'ucb1']
 */
export function listOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: readonly T[],
): T[] {
  if (value === undefined) return [...fallback];
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw new LabError(
        `${flag}: unknown ${JSON.stringify(item)}; choose from ${allowed.join(', ')}`,
      );
    }
  }
  return items as T[];
}

/**
 * A probability option: a number strictly between 0 and 1.
 *
 * @example
 * probability('--rate', '0.2', 0.1); // 0.2
 */
export function probability(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0 && n < 1)) {
    throw new LabError(`${flag} must be a number between 0 and 1, got ${JSON.stringify(value)}`);
  }
  return n;
}
