import * as z from 'zod/mini';
import { FeedbackEventSchema } from './feedback-event.ts';
import { MAX_EVENTS, MAX_NAME_LENGTH } from './limits.ts';
import { contextSchema, epochMsSchema, nameSchema, wholeSchema, wireText } from './schema-parts.ts';

/**
 * One raw event from an app's server. `id` makes it idempotent (a repeated id is counted
 * once); `context` is the context key (none when absent); `at` is when it happened (epoch ms).
 *
 * @example
 * ServerEventSchema.parse({ id: 'ev-1', decision: 'home-feed', arm: 'movie-1234', event: 'like' });
 */
export const ServerEventSchema = z.strictObject({
  id: wireText(1, MAX_NAME_LENGTH),
  decision: nameSchema,
  context: z.exactOptional(contextSchema),
  arm: nameSchema,
  event: FeedbackEventSchema,
  at: z.exactOptional(epochMsSchema),
});

/**
 * The body of `POST /v1/apps/:app/events`: 1 to 500 events.
 *
 * @example
 * const result = decodeWith(EventsBodySchema, await request.json());
 */
export const EventsBodySchema = z.strictObject({
  events: z.array(ServerEventSchema).check(z.minLength(1), z.maxLength(MAX_EVENTS)),
});

/**
 * The answer to `POST /v1/apps/:app/events`: how many events were new and how many ids had
 * been seen before. Unknown fields are dropped.
 *
 * @example
 * EventsResponseSchema.parse({ accepted: 498, duplicates: 2 });
 */
export const EventsResponseSchema = z.object({ accepted: wholeSchema, duplicates: wholeSchema });

/**
 * A server event, see {@link ServerEventSchema}.
 *
 * @example
 * const event: ServerEvent = { id: 'ev-1', decision: 'home-feed', arm: 'movie-1234', event: 'like' };
 */
export type ServerEvent = z.infer<typeof ServerEventSchema>;

/**
 * An events request body, see {@link EventsBodySchema}.
 *
 * @example
 * const body: EventsBody = { events: [event] };
 */
export type EventsBody = z.infer<typeof EventsBodySchema>;

/**
 * An events response, see {@link EventsResponseSchema}.
 *
 * @example
 * const response: EventsResponse = { accepted: 1, duplicates: 0 };
 */
export type EventsResponse = z.infer<typeof EventsResponseSchema>;
