// Apps the edge tests run against (bound over wrangler.jsonc's vars in vitest.config.ts).

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';

export const TEST_CLIENT_ID_SECRET = 'test-client-id-secret-0123456789';

export const TEST_APPS = {
  demo: {
    publishableKey: 'pk_demo_test',
    origins: ['http://localhost:5173'],
    shards: 4,
    pushPeriodMs: 100,
    seedDecision: 'home-feed',
    decisions: { 'home-feed': {}, strategy: {} },
  },
  // One shard and tight bounds, for bound, identity and single-shard tests.
  tight: {
    publishableKey: 'pk_tight_test',
    origins: ['*'],
    shards: 1,
    pushPeriodMs: 100,
    maxWeightPerClient: 10,
    maxImpressionsPerClient: 5,
    identity: { issuePerAddress: 3, issueWindowMs: 60_000 },
    alerts: { dominantShare: 0.7, minSuccessRate: 0.2, minEvidence: 5, shiftPoints: 2 },
  },
  // A decision whose evidence halves every minute.
  fading: {
    publishableKey: 'pk_fading_test',
    shards: 2,
    pushPeriodMs: 100,
    decisions: { news: { halfLifeMs: 60_000 } },
  },
};
