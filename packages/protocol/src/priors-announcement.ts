import * as z from 'zod/mini';
import { wholeSchema } from './schema-parts.ts';

/**
 * The message on `GET /v1/apps/:app/priors/ws`: a new priors version exists. Unknown fields
 * are dropped.
 *
 * @example
 * PriorsAnnouncementSchema.parse({ type: 'priors', version: 13 });
 */
export const PriorsAnnouncementSchema = z.object({
  type: z.literal('priors'),
  version: wholeSchema,
});

/**
 * A priors announcement, see {@link PriorsAnnouncementSchema}.
 *
 * @example
 * socket.send(JSON.stringify({ type: 'priors', version: 13 } satisfies PriorsAnnouncement));
 */
export type PriorsAnnouncement = z.infer<typeof PriorsAnnouncementSchema>;
