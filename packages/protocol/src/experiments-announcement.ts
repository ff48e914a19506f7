import * as z from 'zod/mini';
import { wholeSchema } from './schema-parts.ts';

/**
 * The message on `GET /v1/apps/:app/priors/ws` that says a new experiments snapshot exists
 * (`GET /v1/apps/:app/experiments`). Clients that predate experiments ignore it.
 *
 * @example
 * ExperimentsAnnouncementSchema.parse({ type: 'experiments', version: 4 });
 */
export const ExperimentsAnnouncementSchema = z.object({
  type: z.literal('experiments'),
  version: wholeSchema,
});

/** An experiments announcement, see {@link ExperimentsAnnouncementSchema}. */
export type ExperimentsAnnouncement = z.infer<typeof ExperimentsAnnouncementSchema>;
