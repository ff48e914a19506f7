import type { WireIssue } from './decoded.ts';

/**
 * The part of a zod issue the wire needs (structural, so any zod 4 issue fits).
 *
 * @example
 * const issue: ZodIssueLike = { path: ['deltas', 3, 's'], message: 'Too big' };
 */
export interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Turns zod issues into the error body's `issues`, joining each path with dots.
 *
 * @example
 * const result = DeltaBatchSchema.safeParse(body);
 * if (!result.success) issuesFromZod(result.error.issues);
 * // [{ path: 'deltas.3.s', message: 'Too big: expected number to be <=1000000000' }]
 */
export function issuesFromZod(issues: readonly ZodIssueLike[]): WireIssue[] {
  return issues.map((issue) => ({
    path: issue.path.map((key) => String(key)).join('.'),
    message: issue.message,
  }));
}
