// Internal: the shapes of the JSON files the benchmarks write, as far as BENCHMARKS.md reads
// them. Other packages own these formats; the renderer checks for missing parts.
import type { CommunityStudy } from '../community/community-study.ts';
import type { DiversityRow } from '../metrics/diversity-study.ts';
import type { LoggedRate } from '../replay/replay-report.ts';
import type { VariantEstimates } from '../replay/replay-study.ts';
import type { EnvironmentRegret } from '../simulate/regret-study.ts';
import type { PeerBundle } from './peer-bundles.ts';

export interface Quantiles {
  readonly p50: number;
  readonly p90: number;
}

export interface CoreResult {
  readonly date: string;
  readonly quick: boolean;
  readonly beta_samples_per_sec: {
    readonly crowdbandit: number;
    readonly stdlib: number;
    readonly jstat: number;
  };
  readonly rank_ms: Readonly<Record<'1k' | '10k', Quantiles>>;
  readonly rank_catalog_ms: Readonly<Record<'1k' | '10k', Quantiles>>;
  readonly rank_reference_ms: Readonly<Record<'1k' | '10k', Quantiles>>;
}

export interface EdgeRun {
  readonly shards: number;
  readonly form: string;
  readonly clients: number;
  readonly batches: number;
  readonly batchesPerSec: number;
  readonly eventsPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly errors: number;
}

/** One metered run of worker/bench/cost.ts: counts per 1,000 events and their price. */
export interface EdgeCostRun {
  readonly shards: number;
  /** The SDK flush interval the visits were sealed at (absent before it was measured). */
  readonly flushIntervalMs?: number;
  readonly clients: number;
  readonly batches: number;
  readonly events: number;
  readonly per1000Events: Readonly<Record<string, number>>;
  readonly usdPerMillionEvents: Readonly<Record<string, number>> & { readonly total: number };
}

/** The metered cost runs and the prices they were priced at. */
export interface EdgeCost {
  readonly prices: Readonly<Record<string, number | string>> & { readonly date: string };
  readonly eventsPerBatch: number;
  readonly usdPerMillionEvents: number;
  readonly runs: readonly EdgeCostRun[];
  /** The same runs with visits sealed at the SDK's earlier 30 s flush. */
  readonly earlierFlush?: Omit<EdgeCost, 'prices' | 'earlierFlush'>;
}

export interface EdgeResult {
  readonly date: string;
  readonly quick: boolean;
  readonly note?: string;
  readonly runs: readonly EdgeRun[];
  readonly usd_per_million_events?: number;
  readonly usd_per_million_events_before?: number;
  /** Absent in results from before the edge was metered. */
  readonly cost?: EdgeCost;
  /** The metered runs before the cost cuts, kept for the comparison. */
  readonly cost_before?: EdgeCost;
}

export interface SdkBundle {
  readonly minified: number;
  readonly gzip: number;
  readonly brotli: number;
}

export interface SdkResult {
  readonly date: string;
  readonly quick: boolean;
  readonly bundles: Readonly<Record<string, SdkBundle>> & {
    readonly main: SdkBundle;
    /** The main thread without Vite's preload helper (absent in older results). */
    readonly mainOwnCode?: SdkBundle;
    readonly worker: SdkBundle;
    /** The worker's lazy chunks (absent in results from before they were split off). */
    readonly workerSync?: SdkBundle;
    readonly workerIntervals?: SdkBundle;
    readonly workerMemoryStore?: SdkBundle;
  };
  readonly latency_ms?: Readonly<Record<string, unknown>>;
  /** From createClient to the first rank (absent in results from before it was measured). */
  readonly first_decision_ms?: FirstDecision;
  /** The same before the startup work, kept for the comparison. */
  readonly first_decision_ms_before?: FirstDecision;
}

/** p50 and p90, ms. */
export interface Quantiles {
  readonly p50: number;
  readonly p90: number;
}

/** One kind of visit of the first-decision benchmark. */
export interface FirstDecisionCase extends Quantiles {
  readonly runs: number;
  readonly breakdown: Readonly<Record<string, Quantiles>>;
}

/** packages/sdk/bench/first-decision.ts. */
export interface FirstDecision {
  readonly cold: FirstDecisionCase;
  readonly warm: FirstDecisionCase;
  /** With preload() first thing on the page (absent in results from before it existed). */
  readonly preload?: { readonly cold: FirstDecisionCase; readonly warm: FirstDecisionCase };
  readonly films: number;
  readonly chromium: string;
}

/** bench/results/wire.json (packages/protocol/bench/wire-bytes.ts). */
export interface WireResult {
  readonly date: string;
  readonly events: number;
  /** Absent in results from before the demo-visit workload. */
  readonly visitors?: number;
  readonly visitMinutes?: number;
  readonly batches?: number;
  readonly deltas?: number;
  readonly eventsByKind?: Readonly<Record<string, number>>;
  readonly workload?: { readonly flushIntervalMs: number };
  readonly binary_body_bytes_per_event?: number;
  readonly binary_v1_body_bytes_per_event?: number;
  readonly binary_with_http2_heads_per_event?: number;
  readonly binary_v1_with_http2_heads_per_event?: number;
  readonly binary_with_http1_heads_per_event?: number;
  readonly binary_v1_with_http1_heads_per_event?: number;
  /** Format 2 once format 3 is the SDK's (absent in older results). */
  readonly binary_v2_body_bytes_per_event?: number;
  readonly binary_v2_with_http2_heads_per_event?: number;
  /** The share of deltas format 3 sent by ref. */
  readonly ref_share?: number;
  readonly designs: readonly {
    readonly design: string;
    readonly requests: number;
    readonly bodyPerEvent: number;
    /** Body and HTTP/1.1 request heads. */
    readonly totalPerEvent: number;
    /** Body and HTTP/2 request bytes beyond the bodies (absent in older results). */
    readonly http2PerEvent?: number;
  }[];
}

export interface ClientSizeResult {
  readonly date: string;
  readonly sizes: readonly {
    readonly variant: string;
    readonly minified: number;
    readonly gzip: number;
    readonly brotli: number;
  }[];
}

export interface PeersResult {
  readonly date: string;
  readonly peers: readonly PeerBundle[];
}

export interface SimulateResult {
  readonly date: string;
  readonly options: { readonly horizon: number; readonly seeds: number };
  readonly acceptance: readonly string[];
  readonly regret?: readonly EnvironmentRegret[];
  readonly community?: CommunityStudy;
  readonly seconds: number;
}

export interface ReplayResult {
  readonly date: string;
  /** The sample replayed, as its attribution names it (see obdAttribution). */
  readonly data?: { readonly attribution?: string };
  readonly results: readonly VariantEstimates[];
  readonly logged: readonly LoggedRate[];
  readonly verdict: readonly string[];
}

export interface MetricsResult {
  readonly date: string;
  readonly options: { readonly users: number; readonly rounds: number; readonly k: number };
  readonly rows: readonly DiversityRow[];
}

/** bench/results/history.json (worker/bench/history.ts). */
export interface HistoryResult {
  readonly date: string;
  readonly quick: boolean;
  readonly note?: string;
  readonly seeded: { readonly arms: number; readonly minutes: number; readonly rows: number };
  readonly history: readonly {
    readonly step: 'minute' | 'hour';
    readonly requests: number;
    readonly arms: number;
    readonly points: number;
    readonly bytes: number;
    readonly latencyMs: { readonly p50: number; readonly min: number; readonly max: number };
  }[];
}
