import { ClientIdRequestSchema, decodeWith } from '@crowdbandit/protocol';
import { addressKey } from '../address-key.ts';
import { decodedValue, mediaType, readJson } from '../body.ts';
import { signClientId } from '../client-id.ts';
import { clientIdSecret } from '../client-secret.ts';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';
import { limiterName } from '../issuance-limiter.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function randomOwnId(): string {
  let id = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(16))) id += ALPHABET[byte & 63];
  return id;
}

/**
 * POST /v1/apps/:app/clients — signs the id a client made itself (`{ id }`; a new one when
 * the body is empty) so that its batches are accepted: `{ clientId }`. Each address (IPv4,
 * or IPv6 /64, from CF-Connecting-IP) obtains at most `identity.issuePerAddress` ids per
 * `identity.issueWindowMs`; past that, 429 with `retryAfterMs`.
 */
export async function postClient(c: EdgeContext): Promise<Response> {
  const hasBody = c.req.header('content-length') !== '0' && mediaType(c) !== '';
  const body = hasBody ? decodedValue(decodeWith(ClientIdRequestSchema, await readJson(c))) : {};
  const appId = c.get('appId');
  const { identity } = c.get('app');
  const secret = clientIdSecret(c);
  const address = addressKey(c.req.header('cf-connecting-ip'));
  const issued = await c.env.ISSUANCE.getByName(limiterName(appId, address)).take(
    address,
    identity.issuePerAddress,
    identity.issueWindowMs,
  );
  if (!issued.ok) {
    c.header('retry-after', String(Math.ceil(issued.retryAfterMs / 1000)));
    throw new HttpError(
      'rate_limited',
      `this address obtained its ${identity.issuePerAddress} client ids for now; keep the one you have, or retry in ${Math.ceil(issued.retryAfterMs / 1000)} s`,
      { retryAfterMs: issued.retryAfterMs },
    );
  }
  return c.json({ clientId: await signClientId(secret, appId, body.id ?? randomOwnId()) });
}
