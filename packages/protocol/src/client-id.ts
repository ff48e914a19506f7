import * as z from 'zod/mini';
import { clientIdSchema } from './schema-parts.ts';
import { CLIENT_ID_BODY } from './text-rules.ts';

/**
 * The body of `POST /v1/apps/:app/clients`: the id a client made itself (8–48 characters of
 * `A-Z a-z 0-9 _ -`), to be signed; without it the edge makes one.
 *
 * @example
 * ClientIdRequestSchema.parse({ id: 'q3Vd0m_Zt8uJkP2x' });
 */
export const ClientIdRequestSchema = z.strictObject({
  id: z.exactOptional(
    z.string().check(z.regex(CLIENT_ID_BODY, 'must be 8-48 characters of A-Z a-z 0-9 _ -')),
  ),
});

/**
 * The answer to `POST /v1/apps/:app/clients`: the signed id to send batches with. Unknown
 * fields are dropped.
 *
 * @example
 * ClientIdResponseSchema.parse({ clientId: 'q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE' });
 */
export const ClientIdResponseSchema = z.object({ clientId: clientIdSchema });

/**
 * A request for a signed client id, see {@link ClientIdRequestSchema}.
 *
 * @example
 * const body: ClientIdRequest = { id: localId };
 */
export type ClientIdRequest = z.infer<typeof ClientIdRequestSchema>;

/**
 * A signed client id, see {@link ClientIdResponseSchema}.
 *
 * @example
 * const { clientId } = (await response.json()) as ClientIdResponse;
 */
export type ClientIdResponse = z.infer<typeof ClientIdResponseSchema>;
