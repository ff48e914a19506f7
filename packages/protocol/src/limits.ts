/**
 * Most deltas one batch may carry; a client with more changed arm keys seals several batches.
 *
 * @example
 * const batches = Math.ceil(changedKeys / MAX_DELTAS_PER_BATCH);
 */
export const MAX_DELTAS_PER_BATCH = 1000;

/**
 * Largest request body the edge reads (256 KiB); a longer one is answered with 413.
 *
 * @example
 * if (body.byteLength > MAX_BODY_BYTES) return tooLarge();
 */
export const MAX_BODY_BYTES = 262_144;

/**
 * Most events one `POST /v1/apps/:app/events` request may carry.
 *
 * @example
 * for (let i = 0; i < events.length; i += MAX_EVENTS) send(events.slice(i, i + MAX_EVENTS));
 */
export const MAX_EVENTS = 500;

/**
 * Largest success or failure weight (and impression count) one delta may carry.
 *
 * @example
 * const s = Math.min(pending.s, MAX_COUNT);
 */
export const MAX_COUNT = 1e9;

/**
 * Longest decision name, arm id and event id, in UTF-16 code units (`string.length`).
 *
 * @example
 * if (arm.length > MAX_NAME_LENGTH) throw new RangeError('arm id too long');
 */
export const MAX_NAME_LENGTH = 128;

/**
 * Longest context key, in UTF-16 code units (`string.length`). The empty key means "no context".
 *
 * @example
 * if (contextKey.length > MAX_CONTEXT_LENGTH) throw new RangeError('context key too long');
 */
export const MAX_CONTEXT_LENGTH = 256;

/**
 * Characters the edge appends to a client's own id to sign it: a signed id is
 * `<id><signature>`, the signature an HMAC of the app and the id (96 bits, base64url).
 *
 * @example
 * const own = signedId.slice(0, -CLIENT_SIGNATURE_LENGTH);
 */
export const CLIENT_SIGNATURE_LENGTH = 16;
