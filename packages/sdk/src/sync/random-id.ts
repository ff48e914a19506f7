// Internal: random URL-safe ids from crypto.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * `length` characters of A-Z a-z 0-9 - _ (6 random bits each; 22 characters carry 132 bits).
 *
 * @example
 * randomId(); // 'q3Vd0m_Zt8uJkP2x9LwA-c'
 */
export function randomId(length = 22): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  // 256 is a multiple of 64, so masking keeps every character equally likely.
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
