// Internal: zod/mini building blocks the wire schemas share.
import * as z from 'zod/mini';
import { MAX_CONTEXT_LENGTH, MAX_COUNT, MAX_NAME_LENGTH } from './limits.ts';
import { CLIENT_ID, WIRE_TEXT } from './text-rules.ts';

const TEXT_MESSAGE = 'must not contain control characters or lone surrogates';

/** A wire string of `min..max` UTF-16 code units, see {@link WIRE_TEXT}. */
export const wireText = (min: number, max: number) =>
  z.string().check(z.minLength(min), z.maxLength(max), z.regex(WIRE_TEXT, TEXT_MESSAGE));

/** A decision name or an arm id. */
export const nameSchema = wireText(1, MAX_NAME_LENGTH);

/** A context key; `''` when the decision uses no context. */
export const contextSchema = wireText(0, MAX_CONTEXT_LENGTH);

/** A client id, see {@link CLIENT_ID}. */
export const clientIdSchema = z
  .string()
  .check(z.regex(CLIENT_ID, 'must be 8-64 characters of A-Z a-z 0-9 _ -'));

/** A batch sequence number: 1, 2, 3, ... */
export const seqSchema = z.int().check(z.gte(1));

/** A success or failure weight of one delta. */
export const countSchema = z.number().check(z.gte(0), z.lte(MAX_COUNT));

/** A whole number of impressions, events or a version. */
export const wholeSchema = z.int().check(z.gte(0));

/** A total that may exceed one delta's limit (community sums, stats). */
export const totalSchema = z.number().check(z.gte(0));

/** A probability or a share. */
export const unitSchema = z.number().check(z.gte(0), z.lte(1));

/** A time stamp in epoch milliseconds. */
export const epochMsSchema = z.int().check(z.gte(0), z.lte(8.64e15));
