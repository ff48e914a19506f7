// Signed client ids: `<the client's own id><16-character signature>`, the signature the first
// 96 bits of HMAC-SHA-256(secret, "<app>:<own id>") in base64url. Plain WebCrypto, so tests and
// the lab running in Node sign ids the same way.
import { CLIENT_SIGNATURE_LENGTH } from '@crowdbandit/protocol';

const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    keys.set(secret, key);
  }
  return key;
}

async function signature(secret: string, app: string, own: string): Promise<string> {
  const mac = await crypto.subtle.sign(
    'HMAC',
    await keyFor(secret),
    new TextEncoder().encode(`${app}:${own}`),
  );
  // 12 bytes are exactly 16 base64 characters, with no padding.
  const bytes = new Uint8Array(mac, 0, 12);
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_');
}

/**
 * The signed form of a client's own id for `app`.
 *
 * @example
 * await signClientId(env.CLIENT_ID_SECRET, 'demo', 'q3Vd0m_Zt8uJkP2x'); // 'q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE'
 */
export async function signClientId(secret: string, app: string, own: string): Promise<string> {
  return own + (await signature(secret, app, own));
}

/**
 * The client's own id when `clientId` carries this edge's signature for `app`, else null
 * (an unsigned id, one signed for another app, or a forgery).
 *
 * @example
 * const own = await verifyClientId(env.CLIENT_ID_SECRET, 'demo', batch.clientId);
 */
export async function verifyClientId(
  secret: string,
  app: string,
  clientId: string,
): Promise<string | null> {
  if (clientId.length < 8 + CLIENT_SIGNATURE_LENGTH) return null;
  const own = clientId.slice(0, -CLIENT_SIGNATURE_LENGTH);
  const expected = await signature(secret, app, own);
  const given = clientId.slice(-CLIENT_SIGNATURE_LENGTH);
  const encoder = new TextEncoder();
  return crypto.subtle.timingSafeEqual(encoder.encode(expected), encoder.encode(given))
    ? own
    : null;
}
