import { clientId } from './client-guards.ts';
import type { ClientIdResponse } from './client-id.ts';
import { decoder, object } from './guard.ts';

/**
 * Checks a parsed answer to `POST /v1/apps/:app/clients`: the same rules as
 * {@link ClientIdResponseSchema}, hand written so the browser bundle needs no zod. Unknown
 * fields are ignored.
 *
 * @example
 * const result = decodeClientIdResponse(await response.json());
 * if (result.ok) store.put('meta', 'signedClientId', result.value.clientId);
 */
export const decodeClientIdResponse = decoder<ClientIdResponse>(object({ clientId }));
