// Test helper: holds a hand-written client decoder and its zod schema to the same verdict.
import { expect } from 'vitest';
import type * as z from 'zod/mini';
import { decodeWith } from '../src/decode-with.ts';
import type { Decoded } from '../src/decoded.ts';

export type HandDecoder = (value: unknown) => Decoded<unknown>;

/** Both accept `value`, or both reject it at the same first path; returns that path. */
export function expectSameVerdict(
  schema: z.ZodMiniType,
  hand: HandDecoder,
  value: unknown,
): string | undefined {
  const byZod = decodeWith(schema, value);
  const byHand = hand(value);
  const shown = () =>
    JSON.stringify(value, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  expect(byHand.ok, `hand ${byHand.ok ? 'accepts' : 'rejects'} ${shown()}`).toBe(byZod.ok);
  if (byZod.ok || byHand.ok) return undefined;
  expect(byHand.error.issues[0]?.path, shown()).toBe(byZod.error.issues[0]?.path);
  return byZod.error.issues[0]?.path;
}

/** Table rows: a value and the path of its first issue (undefined when it is valid). */
export interface Row {
  readonly name: string;
  readonly value: unknown;
  readonly path: string | undefined;
}

/** Rows with a `verdict` for test titles: `valid`, or where the first issue is. */
export const titled = (rows: readonly Row[]) =>
  rows.map((row) => ({
    ...row,
    verdict: row.path === undefined ? 'valid' : `invalid at "${row.path}"`,
  }));
