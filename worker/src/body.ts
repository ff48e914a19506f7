import { BINARY_CONTENT_TYPE, type Decoded, MAX_BODY_BYTES } from '@crowdbandit/protocol';
import { bodyLimit } from 'hono/body-limit';
import type { EdgeContext } from './env.ts';
import { HttpError } from './http-error.ts';

/** Rejects bodies over the protocol's limit with 413, also when streamed without a length. */
export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new HttpError('payload_too_large', `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  },
});

/** The body's media type without parameters, lower-cased ('' when absent). */
export function mediaType(c: EdgeContext): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a JSON body, answering 415 for another media type and 400 for bad JSON. */
export async function readJson(c: EdgeContext): Promise<unknown> {
  if (mediaType(c) !== 'application/json') {
    throw new HttpError('unsupported_media_type', 'send the body as application/json');
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = `invalid JSON: ${(error as Error).message}`;
    throw new HttpError('invalid_body', message, { issues: [{ path: '', message }] });
  }
}

/** Reads a body that may be JSON or the binary form, decoding it with the matching decoder. */
export async function readEither<T>(
  c: EdgeContext,
  json: (value: unknown) => Decoded<T>,
  binary: (bytes: Uint8Array) => Decoded<T>,
): Promise<T> {
  const type = mediaType(c);
  let decoded: Decoded<T>;
  if (type === BINARY_CONTENT_TYPE) decoded = binary(new Uint8Array(await c.req.arrayBuffer()));
  else if (type === 'application/json') decoded = json(await readJson(c));
  else {
    throw new HttpError(
      'unsupported_media_type',
      `send the body as application/json or ${BINARY_CONTENT_TYPE}`,
    );
  }
  return decodedValue(decoded);
}

/** The decoded value, or a 400 listing the failing paths. */
export function decodedValue<T>(decoded: Decoded<T>): T {
  if (!decoded.ok) {
    throw new HttpError('invalid_body', decoded.error.message, { issues: decoded.error.issues });
  }
  return decoded.value;
}
