/**
 * One problem with a body, located by a dotted path into it (`deltas.3.s`; `''` for the body
 * itself). This is also the shape of `issues` in an error body.
 *
 * @example
 * const issue: WireIssue = { path: 'deltas.3.s', message: 'Too big: expected number to be <=1000000000' };
 */
export interface WireIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Why a body could not be decoded. `message` is one line for logs and for the error body;
 * `issues` lists every problem found (at least one, the first is the one in `message`);
 * `offset` is the byte at which binary decoding stopped, when it was a binary body.
 *
 * @example
 * const error: DecodeError = {
 *   message: 'truncated at byte 3: seq needs more bytes',
 *   issues: [{ path: 'seq', message: 'truncated at byte 3: seq needs more bytes' }],
 *   offset: 3,
 * };
 */
export interface DecodeError {
  readonly message: string;
  readonly issues: readonly WireIssue[];
  readonly offset?: number;
}

/**
 * The result of every decoder in this package: decoders never throw for bad input, they
 * return `{ ok: false, error }`.
 *
 * @example
 * const result = decodeAck(await response.json());
 * if (result.ok) markAcknowledged(result.value.seq);
 * else report(result.error.message);
 */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DecodeError };
