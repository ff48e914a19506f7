import { version } from './client-guards.ts';
import { decoder, object, oneOf } from './guard.ts';
import type { PriorsAnnouncement } from './priors-announcement.ts';

/**
 * Checks a parsed WebSocket message from `/priors/ws`: the same rules as
 * {@link PriorsAnnouncementSchema}, hand written so the browser bundle needs no zod.
 *
 * @example
 * socket.onmessage = (event) => {
 *   const result = decodePriorsAnnouncement(JSON.parse(event.data));
 *   if (result.ok && result.value.version > known) refetchPriors();
 * };
 */
export const decodePriorsAnnouncement = decoder<PriorsAnnouncement>(
  object({ type: oneOf(['priors']), version }),
);
