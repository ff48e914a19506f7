import type { RewardOverrides } from '@crowdbandit/core';
import * as z from 'zod/mini';

const positive = z.number().check(z.positive());
const name = z
  .string()
  .check(z.regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'expected 1–64 letters, digits, _ . -'));

const DecisionSettingsSchema = z.object({
  /** Half-life of community evidence, ms; absent: no decay. Must match the SDK's decision. */
  halfLifeMs: z.optional(positive),
  /** Reward map overrides for server-side events (see @crowdbandit/core rewards). */
  rewards: z.optional(z.record(z.string(), z.record(z.string(), z.union([z.number(), z.null()])))),
});

const AppSchema = z.object({
  publishableKey: z.string().check(z.minLength(8)),
  origins: z._default(z.array(z.string()), []),
  /** Client shards; fixed once clients exist (a client's shard is hash(clientId) mod shards). */
  shards: z._default(z.int().check(z.gte(1), z.lte(256)), 4),
  pushPeriodMs: z._default(z.int().check(z.gte(50)), 5000),
  seedDecision: z._default(name, 'home-feed'),
  decisions: z._default(z.record(name, DecisionSettingsSchema), {}),
  /**
   * Success + failure weight one client's cumulative evidence may carry on one arm key in
   * the crowd's published totals: more is scaled down to this, keeping the client's rate.
   */
  maxWeightPerClient: z._default(positive, 8),
  /** Impressions one client may add to one arm key's published impressions. */
  maxImpressionsPerClient: z._default(z.int().check(z.gte(0)), 100),
  /** The per-window cap this replaced; refused so an old configuration is not misread. */
  caps: z.exactOptional(
    z.never({
      error:
        'caps (a per-window cap) was replaced by maxWeightPerClient and maxImpressionsPerClient',
    }),
  ),
  kappa: z._default(
    z.object({
      /** The smallest κ published. */
      floor: z._default(positive, 2),
      /** The largest κ, also published when users agree beyond what the data can tell. */
      ceiling: z._default(positive, 10_000),
      /** κ while too few clients exist to estimate it. */
      fallback: z._default(positive, 100),
      /** Client × arm key pairs (each with ≥ 2 events) a decision needs for an estimate. */
      minClients: z._default(z.int().check(z.gte(2)), 50),
      /** Clients one arm key needs before it may get a κ of its own. */
      minClientsPerArm: z._default(z.int().check(z.gte(2)), 200),
      /** A client's weight in the κ statistics is scaled down to this. */
      maxClientWeight: z._default(positive, 1000),
      /**
       * Clients count in the κ statistics of an arm key from this much weight on: fewer
       * events are mostly the bandit's choice, which biases the spread between clients low.
       */
      minClientWeight: z._default(z.number().check(z.gte(2)), 10),
    }),
    {
      floor: 2,
      ceiling: 10_000,
      fallback: 100,
      minClients: 50,
      minClientsPerArm: 200,
      maxClientWeight: 1000,
      minClientWeight: 10,
    },
  ),
  identity: z._default(
    z.object({
      /** Signed client ids one address (IPv4, or IPv6 /64) may obtain per window. */
      issuePerAddress: z._default(z.int().check(z.gte(1)), 4),
      issueWindowMs: z._default(z.int().check(z.gte(1000)), 3_600_000),
      /**
       * Batches from unsigned ids: `known` accepts them only from clients the shard counted
       * before (installs older than signed ids), `accept` from anyone (while old SDK versions
       * are still deployed; it lets anyone mint identities).
       */
      unsignedIds: z._default(z.enum(['known', 'accept']), 'known'),
    }),
    { issuePerAddress: 4, issueWindowMs: 3_600_000, unsignedIds: 'known' },
  ),
  alerts: z._default(
    z.object({
      dominantShare: z._default(z.number().check(z.gt(0), z.lte(1)), 0.7),
      minSuccessRate: z._default(z.number().check(z.gte(0), z.lt(1)), 0.01),
      minEvidence: z._default(z.number().check(z.gte(0)), 50),
      /**
       * Points (0–100) an arm's published mean may move within one push period because of
       * clients first seen in it before the `sudden-shift` alert fires.
       */
      shiftPoints: z._default(z.number().check(z.gt(0), z.lte(100)), 2),
    }),
    { dominantShare: 0.7, minSuccessRate: 0.01, minEvidence: 50, shiftPoints: 2 },
  ),
});

/** One app's settings, from the `APPS` var. */
export type AppConfig = z.infer<typeof AppSchema>;

/** A decision's settings on the edge. */
export interface DecisionSettings {
  readonly halfLifeMs: number;
  readonly rewards: RewardOverrides | undefined;
}

const AppsSchema = z.record(name, AppSchema);

/** Internal: the validated `APPS` var, parsed once per isolate. */
let cache: { raw: unknown; apps: ReadonlyMap<string, AppConfig> } | undefined;

/**
 * The apps configured in the `APPS` var. A bad var is an operator error: the message says
 * which field to fix.
 */
export function appsOf(env: { APPS: unknown }): ReadonlyMap<string, AppConfig> {
  if (cache !== undefined && cache.raw === env.APPS) return cache.apps;
  const raw = typeof env.APPS === 'string' ? JSON.parse(env.APPS) : env.APPS;
  const parsed = AppsSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `APPS var is invalid at ${first?.path.join('.') ?? ''}: ${first?.message ?? 'unknown'}`,
    );
  }
  cache = { raw: env.APPS, apps: new Map(Object.entries(parsed.data)) };
  return cache.apps;
}

/** The settings of one decision; decisions the app does not list get the defaults. */
export function decisionSettings(app: AppConfig, decision: string): DecisionSettings {
  const d = app.decisions[decision];
  return {
    halfLifeMs: d?.halfLifeMs ?? Number.POSITIVE_INFINITY,
    rewards: d?.rewards as RewardOverrides | undefined,
  };
}
