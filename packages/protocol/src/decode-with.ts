import * as z from 'zod/mini';
import type { Decoded } from './decoded.ts';
import { issuesFromZod } from './zod-issues.ts';

/**
 * Validates `value` with a zod schema and returns a {@link Decoded} with every issue, the
 * first one in `message`. Works with any zod 4 schema, classic or mini.
 *
 * @example
 * const result = decodeWith(EventsBodySchema, await request.json());
 * if (!result.ok) return c.json(errorBody('invalid_body', result.error.message, result.error), 400);
 */
export function decodeWith<S extends z.core.$ZodType>(
  schema: S,
  value: unknown,
): Decoded<z.output<S>> {
  const result = z.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.data };
  const issues = issuesFromZod(result.error.issues);
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const where = first.path === '' ? '' : `${first.path}: `;
  return { ok: false, error: { message: `${where}${first.message}${more}`, issues } };
}
