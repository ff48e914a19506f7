// Internal: a client id (`A-Z a-z 0-9 _ -`, see CLIENT_ID) packed 6 bits a character, as format
// version 2 carries it: 38 characters in 29 bytes.
import { type ByteReader, DecodeFailure } from './byte-reader.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...BASE64URL].map((c, i) => [c, i]));

/** The characters' 6-bit values (base64url order), most significant bit first, zero-padded. */
export function packClientId(id: string): Uint8Array {
  const out = new Uint8Array(Math.ceil((id.length * 6) / 8));
  let at = 0;
  for (const c of id) {
    const value = VALUE.get(c)!;
    for (let b = 5; b >= 0; b--, at++) if ((value >> b) & 1) out[at >> 3]! |= 0x80 >> (at & 7);
  }
  return out;
}

/** Reads `length` characters packed by {@link packClientId}; the padding bits must be zero. */
export function unpackClientId(input: ByteReader, length: number): string {
  const start = input.offset;
  const size = Math.ceil((length * 6) / 8);
  if (size > input.remaining) {
    throw new DecodeFailure(
      `truncated at byte ${start}: clientId needs ${size} bytes, ${input.remaining} remain`,
      start,
      'clientId',
    );
  }
  let id = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < size; i++) {
    acc = ((acc << 8) | input.byte('clientId', 'clientId')) & 0xffff;
    bits += 8;
    while (bits >= 6 && id.length < length) {
      bits -= 6;
      id += BASE64URL[(acc >> bits) & 63];
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) {
    throw new DecodeFailure(
      `non-zero padding bits at byte ${input.offset - 1} (clientId)`,
      input.offset - 1,
      'clientId',
    );
  }
  return id;
}
