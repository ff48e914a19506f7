import { decodeWith } from './decode-with.ts';
import type { Decoded } from './decoded.ts';
import { type DeltaBatch, DeltaBatchSchema } from './delta-batch.ts';

/**
 * Validates a parsed JSON value as a delta batch against {@link DeltaBatchSchema}, with every
 * issue and its dotted path.
 *
 * @example
 * const result = validateBatch(await request.json());
 * if (!result.ok) console.log(result.error.issues); // [{ path: 'deltas.3.s', message: '...' }]
 */
export function validateBatch(value: unknown): Decoded<DeltaBatch> {
  return decodeWith(DeltaBatchSchema, value);
}

/**
 * Parses and validates the JSON form of a delta batch; malformed JSON is an error result too.
 *
 * @example
 * const result = decodeBatchJson(await request.text());
 * if (result.ok) apply(result.value);
 */
export function decodeBatchJson(text: string): Decoded<DeltaBatch> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `invalid JSON: ${(error as Error).message}`;
    return { ok: false, error: { message, issues: [{ path: '', message }] } };
  }
  return validateBatch(value);
}
