// Internal: a bounds-checked cursor over untrusted bytes, for the binary batch decoder. Every
// failure is a DecodeFailure carrying the offset, so the decoder can turn it into a result.

// fatal: invalid UTF-8 is an error, not U+FFFD; ignoreBOM: a leading U+FEFF is kept as text.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class DecodeFailure extends Error {
  override readonly name = 'DecodeFailure';
  readonly offset: number;
  readonly path: string;

  constructor(message: string, offset: number, path = '') {
    super(message);
    this.offset = offset;
    this.path = path;
  }
}

export class ByteReader {
  readonly #bytes: Uint8Array;
  offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get remaining(): number {
    return this.#bytes.length - this.offset;
  }

  /** One byte; `started` when it continues a value, for a clearer message when missing. */
  byte(what: string, path = '', started = false): number {
    const value = this.#bytes[this.offset];
    if (value === undefined) {
      const missing = started ? 'is cut short' : 'is missing';
      throw new DecodeFailure(
        `truncated at byte ${this.offset}: ${what} ${missing}`,
        this.offset,
        path,
      );
    }
    this.offset++;
    return value;
  }

  /** An unsigned LEB128 varint, minimal and at most 2^53 - 1 (so at most 8 bytes). */
  varint(what: string, path = ''): number {
    const start = this.offset;
    let value = 0;
    let scale = 1;
    for (let length = 1; ; length++) {
      const byte = this.byte(what, path, length > 1);
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (byte === 0 && length > 1) {
          throw new DecodeFailure(`overlong varint at byte ${start} (${what})`, start, path);
        }
        if (value > Number.MAX_SAFE_INTEGER) break;
        return value;
      }
      if (length === 8) break;
      scale *= 0x80;
    }
    throw new DecodeFailure(`varint at byte ${start} (${what}) exceeds 2^53 - 1`, start, path);
  }

  /** Four bytes, big-endian, as an unsigned integer. */
  uint32(what: string, path = ''): number {
    let value = 0;
    for (let i = 0; i < 4; i++) value = value * 256 + this.byte(what, path, i > 0);
    return value;
  }

  /** A varint byte length followed by that many bytes of UTF-8. */
  string(what: string, path = ''): string {
    return this.utf8(this.varint(`${what} length`, path), what, path);
  }

  /** `length` bytes of UTF-8. */
  utf8(length: number, what: string, path = ''): string {
    const start = this.offset;
    if (length > this.remaining) {
      throw new DecodeFailure(
        `truncated at byte ${start}: ${what} needs ${length} bytes, ${this.remaining} remain`,
        start,
        path,
      );
    }
    this.offset += length;
    try {
      return utf8.decode(this.#bytes.subarray(start, this.offset));
    } catch {
      throw new DecodeFailure(`invalid UTF-8 at byte ${start} (${what})`, start, path);
    }
  }
}
