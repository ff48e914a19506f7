import * as z from 'zod/mini';
import {
  contextSchema,
  epochMsSchema,
  nameSchema,
  totalSchema,
  wholeSchema,
} from './schema-parts.ts';
import { SHARD_KEY } from './text-rules.ts';

/**
 * The body of `GET /v1/apps/:app/priors`: community totals `[S, F]` (decayed, quantized) per
 * decision, context key and arm, and for each shard the shard version merged into it (so a
 * client knows which of its acknowledged batches the totals include). Served with
 * `ETag: "<version>"` ({@link priorsETag}). Unknown fields are dropped.
 *
 * @example
 * PriorsSnapshotSchema.parse({
 *   app: 'movies', version: 12, generatedAt: 1_763_800_000_000,
 *   shards: { '0': 40, '1': 38 },
 *   decisions: { 'home-feed': { evening: { 'movie-1234': [31.5, 12.25] } } },
 * });
 */
export const PriorsSnapshotSchema = z.object({
  app: nameSchema,
  version: wholeSchema,
  generatedAt: epochMsSchema,
  shards: z.record(z.string().check(z.regex(SHARD_KEY, 'expected a shard index')), wholeSchema),
  decisions: z.record(
    nameSchema,
    z.record(contextSchema, z.record(nameSchema, z.tuple([totalSchema, totalSchema]))),
  ),
});

/**
 * A priors snapshot, see {@link PriorsSnapshotSchema}.
 *
 * @example
 * const [S, F] = snapshot.decisions['home-feed']?.['evening']?.['movie-1234'] ?? [0, 0];
 */
export type PriorsSnapshot = z.infer<typeof PriorsSnapshotSchema>;
