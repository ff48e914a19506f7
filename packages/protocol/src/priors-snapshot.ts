import * as z from 'zod/mini';
import {
  contextSchema,
  epochMsSchema,
  nameSchema,
  totalSchema,
  wholeSchema,
} from './schema-parts.ts';
import { SHARD_KEY } from './text-rules.ts';

const kappaValue = z.number().check(z.positive());

/**
 * How much the crowd's users agree on one decision: κ in p_user ~ Beta(m·κ, (1 − m)·κ), the
 * strength a newcomer's community prior may reach. `source`: `estimate` (from the spread
 * between clients), `ceiling` (no spread beyond chance), `fallback` (too few clients yet).
 * `clients` counts client × arm key pairs with at least 2 events; `rho` is the estimated
 * intraclass correlation 1/(κ+1) (null while it cannot be estimated). `arms` holds κ per
 * context and arm where an arm's own estimate differs from the decision's.
 *
 * @example
 * KappaSchema.parse({ value: 812, source: 'estimate', clients: 4812, rho: 0.00123 });
 */
export const KappaSchema = z.object({
  value: kappaValue,
  source: z.enum(['estimate', 'ceiling', 'fallback']),
  clients: wholeSchema,
  rho: z.nullable(z.number().check(z.gte(-1), z.lte(1))),
  arms: z.exactOptional(z.record(contextSchema, z.record(nameSchema, kappaValue))),
});

/**
 * The body of `GET /v1/apps/:app/priors`: community totals `[S, F]` (decayed, quantized) per
 * decision, context key and arm, and for each shard the shard version merged into it (so a
 * client knows which of its acknowledged batches the totals include). Served with
 * `ETag: "<version>"` ({@link priorsETag}). Unknown fields are dropped.
 *
 * The totals are bounded per client: each client's cumulative (s, f) on an arm key counts
 * scaled down to s + f ≤ `maxWeightPerClient` (absent: unbounded), so a client subtracts its
 * own contribution scaled the same way. `kappa` gives, per decision, how strongly a
 * newcomer should trust the crowd (see {@link KappaSchema}).
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
  maxWeightPerClient: z.exactOptional(z.number().check(z.positive())),
  kappa: z.exactOptional(z.record(nameSchema, KappaSchema)),
});

/**
 * A priors snapshot, see {@link PriorsSnapshotSchema}.
 *
 * @example
 * const [S, F] = snapshot.decisions['home-feed']?.['evening']?.['movie-1234'] ?? [0, 0];
 */
export type PriorsSnapshot = z.infer<typeof PriorsSnapshotSchema>;

/**
 * One decision's κ in a priors snapshot, see {@link KappaSchema}.
 *
 * @example
 * const strength = snapshot.kappa?.['home-feed']?.value ?? 100;
 */
export type Kappa = z.infer<typeof KappaSchema>;
