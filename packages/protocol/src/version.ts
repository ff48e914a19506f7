/**
 * The version of the wire contract in this package. It changes only when a change would
 * break a client or an edge built against the previous one.
 *
 * @example
 * if (PROTOCOL_VERSION !== 1) throw new Error('this edge speaks protocol 1 only');
 */
export const PROTOCOL_VERSION = 1;
