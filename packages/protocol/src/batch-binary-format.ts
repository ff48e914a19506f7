/**
 * The compact binary form of a delta batch. Every integer is an unsigned LEB128 varint (7 bits
 * per byte, low bits first, high bit = "more follows"), minimal (no trailing 0x80 groups) and
 * at most 2^53 - 1. A string is a varint byte length followed by UTF-8 bytes. Counts s and f
 * travel as whole milli-units (toMilli). A decoder reads versions 1 to 3; SDKs send version 2,
 * or version 3 when the edge already knows some of the batch's arms.
 *
 * Format version 2 (encodeBatch), about half of version 1 for a visit of the demo:
 *
 * ```text
 * magic        0x43 0x42            "CB"
 * version      0x02                 BINARY_FORMAT_VERSION
 * clientId     varint L (8..64), then ceil(6L/8) bytes: each character's base64url value
 *              (A-Z 0-25, a-z 26-51, 0-9 52-61, - 62, _ 63) in 6 bits, most significant
 *              bit first, the padding bits zero
 * seq          varint
 * groups       varint G, then G times (deltas sharing a decision and a context):
 *                name    decision
 *                name    context
 *                varint  K (1..; at most 1000 deltas in all), then K times:
 *                  arm   varint L * 2 + packed, then
 *                          packed = 0: L bytes of UTF-8
 *                          packed = 1: L characters of the slug alphabet in the slug code,
 *                                      most significant bit first, the padding bits zero
 *                  head  varint sForm + 4 * fForm + 16 * nCode
 *                  s     varint, only when sForm is 1 or 2
 *                  f     varint, only when fForm is 1 or 2
 * end          no trailing bytes
 *
 * name         varint i: i < names so far reads that name; i = names so far introduces a new
 *              one (no name twice; decisions and contexts share the names), which follows as
 *              varint L * 2 + pairs, then
 *                pairs = 0: L bytes of UTF-8
 *                pairs = 1: L (1..) bytes, each a built-in context pair by index, the name
 *                           being the pairs joined by ";": 0 timeOfDay=morning,
 *                           1 timeOfDay=afternoon, 2 timeOfDay=evening, 3 timeOfDay=night,
 *                           4 dayType=weekday, 5 dayType=weekend, 6 sessionPosition=early,
 *                           7 sessionPosition=middle, 8 sessionPosition=late,
 *                           9 userType=cold-start, 10 userType=regular, 11 userType=power
 *              (an encoder writes the pairs whenever a name is made only of them)
 * form         0: the count is 0 (no varint), 1: the varint is tenths (milli-units / 100),
 *              2: the varint is milli-units, 3 (f only): f is n tenths, what n impressions
 *              at core's default weight add (needs n ≥ 1; no varint); a varint 0 in form 1
 *              or 2 and s in form 3 are refused
 * nCode        0: no n; else n = nCode - 1
 * slug code    two static prefix codes over "-0123456789abcdefghijklmnopqrstuvwxyz", the
 *              second for a character right after a digit; code lengths in that order:
 *                3 7 7 7 7 7 7 7 7 6 6 4 6 6 5 3 6 6 5 4 10 8 5 6 4 4 6 10 5 4 4 6 7 6 10 6 10
 *                4 4 4 4 4 4 4 3 3 3 3 8 10 9 9 7 9 10 8 8 13 11 9 9 8 8 10 13 8 8 7 9 10 9 13 10 13
 *              codes assigned canonically (as DEFLATE, RFC 1951 §3.2.2); an encoder packs
 *              every arm id that is a non-empty string of that alphabet
 * ```
 *
 * Deltas decode grouped: groups in order of first appearance, deltas within a group as given.
 *
 * Format version 3 (encodeBatch with known arms) is version 2 with arms the edge already
 * knows sent as refs, 4 bytes instead of an id of typically 8 to 15 packed bytes:
 *
 * ```text
 * version      0x03                 REF_FORMAT_VERSION
 * clientId, seq, and each group's decision and context as in version 2
 * groups       varint G, then G times:
 *                name    decision
 *                name    context
 *                varint  K (0..), then K deltas spelled out, as in version 2
 *                varint  R (0..; K + R ≥ 1, at most 1000 deltas in all), then R times:
 *                  ref   4 bytes, big-endian: hash32 of the arm id (FNV-1a 32 of its UTF-8)
 *                  head, s, f as in version 2
 * check        4 bytes, big-endian (a version 3 batch has at least one ref): hash32 of the referenced deltas' arm
 *              keys in order, each decision NUL context NUL arm, joined by NUL
 * end          no trailing bytes
 * ```
 *
 * The edge finds each ref among the arms it holds totals for under the group's decision and
 * context, and recomputes the check from what it found. A ref it cannot resolve (an arm it
 * has not seen, two of its arms with that hash, or an arm the batch also spells out) refuses
 * the batch with 409
 * `unknown_arm_refs`, listing the refs, and applies nothing: the SDK sends the batch again
 * with those arms spelled out.
 *
 * Format version 1 (encodeBatchV1), which SDKs before version 2 send:
 *
 * ```text
 * magic        0x43 0x42            "CB"
 * version      0x01
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
 * // version 2: 43 42 02 | 0a 73 ff 1f d9 ae b5 77 40 | 01 | 01 | 00 02 64 01 00 01 | 03 40 01 0a
 * // version 1: 43 42 01 | 0a 63 5f 38 66 32 61 36 31 64 30 | 01 | 03 01 64 00 01 61 | 01 00 01 02 e8 07 00
 * BINARY_MAGIC; // Uint8Array [0x43, 0x42]
 */
export const BINARY_MAGIC: Readonly<Uint8Array> = new Uint8Array([0x43, 0x42]);

/**
 * The format version byte after {@link BINARY_MAGIC} that encodeBatch writes when no arm goes
 * by ref (see {@link REF_FORMAT_VERSION} for one that does). The decoder
 * reads this one, version 3 (REF_FORMAT_VERSION) and version 1 (encodeBatchV1) and refuses
 * any other.
 *
 * @example
 * bytes[2] === BINARY_FORMAT_VERSION; // true for a batch from encodeBatch(batch)
 */
export const BINARY_FORMAT_VERSION = 2;

/**
 * The format version byte of a batch that names arms the edge knows by ref (see
 * {@link BINARY_MAGIC}); encodeBatch writes it only when it sends a ref.
 *
 * @example
 * encodeBatch(batch, () => true)[2] === REF_FORMAT_VERSION; // true
 */
export const REF_FORMAT_VERSION = 3;
