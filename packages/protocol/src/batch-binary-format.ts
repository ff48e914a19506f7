/**
 * The compact binary form of a delta batch, format version 1. All integers are unsigned
 * LEB128 varints (7 bits per byte, low bits first, high bit = "more follows"), minimal
 * (no trailing 0x80 groups) and at most 2^53 - 1. Strings are a varint byte length followed
 * by UTF-8 bytes.
 *
 * ```text
 * magic        0x43 0x42            "CB"
 * version      0x01                 BINARY_FORMAT_VERSION
 * clientId     string
 * seq          varint
 * dictionary   varint D, then D strings: every distinct decision, context and arm once,
 *              in order of first use (decision, context, arm of delta 0, then delta 1, ...)
 * deltas       varint N (1..1000), then N times:
 *                varint  decisionIndex * 2 + hasN
 *                varint  contextIndex
 *                varint  armIndex
 *                varint  s in milli-units (toMilli)
 *                varint  f in milli-units
 *                varint  n                      only when hasN = 1
 * end          no trailing bytes
 * ```
 *
 * Indexes point into the dictionary. A decoder rejects a string that appears twice in the
 * dictionary; it accepts any order and unused entries, but the encoder never writes them.
 *
 * @example
 * // { clientId: 'c_8f2a61d0', seq: 1, deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }] }
 * // 43 42 01 | 0a 63 5f 38 66 32 61 36 31 64 30 | 01 | 03 01 64 00 01 61 | 01 00 01 02 e8 07 00
 * BINARY_MAGIC; // Uint8Array [0x43, 0x42]
 */
export const BINARY_MAGIC: Readonly<Uint8Array> = new Uint8Array([0x43, 0x42]);

/**
 * The format version byte after {@link BINARY_MAGIC}; a decoder refuses any other.
 *
 * @example
 * bytes[2] === BINARY_FORMAT_VERSION; // true for a batch from encodeBatch
 */
export const BINARY_FORMAT_VERSION = 1;
