// Internal: the character rules shared by the zod schemas and the hand-written client checks.

/**
 * Names, context keys and ids on the wire: no control characters (Unicode Cc, C0 and C1) and
 * no lone surrogates. Lone surrogates cannot be encoded as UTF-8, so a string holding one
 * would not survive the binary form unchanged.
 */
export const WIRE_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

/** A client id: 8–64 characters of `A-Z a-z 0-9 _ -`. */
export const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The part of a client id that the client chose (a signed id adds the edge's signature, see
 * `CLIENT_SIGNATURE_LENGTH`): 8–48 characters of `A-Z a-z 0-9 _ -`.
 */
export const CLIENT_ID_BODY = /^[A-Za-z0-9_-]{8,48}$/;

/** A shard index as a record key: a decimal integer without leading zeros. */
export const SHARD_KEY = /^(?:0|[1-9][0-9]{0,8})$/;
