import { type Counts, confidenceSequence, srmPValue, stopRecommendation } from '@crowdbandit/core';
import type { ExperimentResults } from '@crowdbandit/protocol';
import { LabError } from '../lab-error.ts';
import type { Progress } from '../progress.ts';
import { assigner, type Split } from './assignment.ts';
import type { ExperimentAdmin } from './edge-admin.ts';
import { edgeUser, inBatches } from './edge-user.ts';
import { peekCounts } from './peek-counts.ts';
import { type Population, population } from './population.ts';

/** The metric the agreement experiments track. */
const METRIC = 'convert';

/** Options of {@link runEdgeAgreement}. */
export interface AgreementOptions {
  readonly edgeUrl: string;
  readonly admin: ExperimentAdmin;
  /** Experiments; the last one has the SRM fault injected when there are two or more. */
  readonly experiments: number;
  readonly users: number;
  /** Users of the SRM experiment: enough for a 10% drop to show (about 98% at 10,000). */
  readonly srmUsers: number;
  readonly rate: number;
  readonly lift: number;
  /** Share of the variant's exposures lost in the SRM experiment. */
  readonly drop: number;
  readonly seed: number;
  /** Users simulated at once. Default 25. */
  readonly parallel?: number;
  readonly progress?: Progress;
}

/** What one side computed for one experiment. */
export interface Analysis {
  readonly exposed: readonly number[];
  readonly converted: readonly number[];
  /** null while nobody is exposed. */
  readonly srmPValue: number | null;
  readonly srmMismatch: boolean;
  readonly sequence: { readonly estimate: number; readonly lower: number; readonly upper: number };
  readonly stop: {
    readonly stop: boolean;
    readonly reason: string | null;
    readonly leader: number;
  };
}

/** One experiment through the edge against the in-process computation on the same users. */
export interface AgreementRow {
  readonly key: string;
  readonly srmInjected: boolean;
  readonly users: number;
  readonly seed: string;
  /** Users whose SDK variation differed from the in-process assignment (must be 0). */
  readonly assignmentMismatches: number;
  readonly edge: Analysis;
  readonly inProcess: Analysis;
  /** Every count, flag, decision and number bit for bit the same. */
  readonly identical: boolean;
  /** The largest relative difference of the p-value and the interval's ends (0: identical). */
  readonly maxRelativeDifference: number;
  /**
   * The same counts, assignments, flags and decisions, and numbers within
   * {@link RELATIVE_TOLERANCE}: what the lab requires.
   */
  readonly agree: boolean;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The in-process analysis of the same users, by the core functions the edge calls. */
function analyse(
  users: Population,
  split: Split,
  rates: readonly number[],
  drop: number,
  srm: { readonly threshold: number; readonly minUsers: number },
): Analysis {
  const counts = peekCounts(users, {
    split,
    rates,
    batch: users.ids.length,
    ...(drop > 0 ? { drop: { variation: 1, share: drop } } : {}),
  });
  const exposed = [counts[0]!, counts[2]!];
  const converted = [counts[1]!, counts[3]!];
  const arm = (v: number): Counts => ({ s: converted[v]!, f: exposed[v]! - converted[v]! });
  const weights = [split.weights[0]!, split.weights[1]!] as const;
  // As the results endpoint: a p-value once anyone is exposed, a mismatch only once every
  // arm has the check's minimum of users.
  const checked = exposed.every((n) => n >= srm.minUsers);
  const pValue = exposed[0]! + exposed[1]! > 0 ? srmPValue(exposed, split.weights) : null;
  const cs = confidenceSequence(arm(0), arm(1), { weights: [...weights] as [number, number] });
  const stop = stopRecommendation(arm(0), [arm(1)], { weights: [...weights] });
  return {
    exposed,
    converted,
    srmPValue: pValue,
    srmMismatch: checked && pValue !== null && pValue < srm.threshold,
    sequence: { estimate: cs.estimate, lower: cs.lower, upper: cs.upper },
    stop: { stop: stop.stop, reason: stop.reason, leader: stop.leader },
  };
}

function fromEdge(results: ExperimentResults): Analysis {
  const metric = results.metrics.find((m) => m.metric === METRIC);
  const variant = metric?.variations[1]?.versusControl;
  return {
    exposed: results.variations.map((v) => v.exposed),
    converted: metric?.variations.map((v) => v.converted) ?? [],
    srmPValue: results.srm.pValue,
    srmMismatch: results.srm.mismatch,
    sequence: {
      estimate: variant?.confidenceSequence.estimate ?? Number.NaN,
      lower: variant?.confidenceSequence.lower ?? Number.NaN,
      upper: variant?.confidenceSequence.upper ?? Number.NaN,
    },
    stop: metric?.stop ?? { stop: false, reason: null, leader: -1 },
  };
}

/**
 * How far apart two computations of the p-value and interval may be and still agree: a few
 * units in the last place. The same core code, bundled into workerd and run there, and run
 * in Node, can round the last bit apart (seen: the SRM p-value of 103 against 41 users,
 * 2.3830570664027904e-7 at the edge and …902e-7 in Node).
 */
export const RELATIVE_TOLERANCE = 1e-12;

const relative = (a: number | null, b: number | null) => {
  if (a === b) return 0;
  if (a === null || b === null) return Number.POSITIVE_INFINITY;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
};

const exactly = (a: Analysis, b: Analysis) =>
  a.exposed.length === b.exposed.length &&
  a.exposed.every((n, i) => n === b.exposed[i]) &&
  a.converted.length === b.converted.length &&
  a.converted.every((n, i) => n === b.converted[i]) &&
  a.srmMismatch === b.srmMismatch &&
  a.stop.stop === b.stop.stop &&
  a.stop.reason === b.stop.reason &&
  a.stop.leader === b.stop.leader;

/** The largest relative difference between the two sides' p-value and interval. */
function numberGap(a: Analysis, b: Analysis): number {
  return Math.max(
    relative(a.srmPValue, b.srmPValue),
    relative(a.sequence.estimate, b.sequence.estimate),
    relative(a.sequence.lower, b.sequence.lower),
    relative(a.sequence.upper, b.sequence.upper),
  );
}

/**
 * Experiments through the real system: each is created and started through the edge's admin
 * API; every user is a real SDK client (`userId` = the user's id) that `assign`s (unless the
 * SRM fault drops their exposure: then the app never calls assign, and the `track` that
 * follows counts nowhere, as the SDK and the edge count conversions of exposed users only)
 * and `track`s a conversion when their draw is below their variation's rate; the clients
 * flush, and the admin results endpoint's counts, SRM p-value, confidence sequence and stop
 * recommendation are compared with core's functions on the same users in process.
 *
 * @example
 * const rows = await runEdgeAgreement({ edgeUrl, admin, experiments: 4, users: 300, rate: 0.2, lift: 0.1, drop: 0.1, seed: 1 });
 * rows.every((r) => r.agree); // true
 */
export async function runEdgeAgreement(options: AgreementOptions): Promise<AgreementRow[]> {
  const { admin, edgeUrl, rate, lift } = options;
  const rates = [rate, rate * (1 + lift)];
  const rows: AgreementRow[] = [];
  for (let e = 0; e < options.experiments; e++) {
    const injected = options.experiments >= 2 && e === options.experiments - 1;
    const drop = injected ? options.drop : 0;
    const key = injected ? `agreement-srm-${options.seed}` : `agreement-${options.seed}-${e + 1}`;
    await admin.create({
      key,
      variations: [{ key: 'control' }, { key: 'variant' }],
      hashAttribute: 'userId',
      metrics: [METRIC],
    });
    const state = await admin.start(key);
    const split: Split = { seed: state.seed, weights: state.weights, coverage: state.coverage };
    const size = injected ? options.srmUsers : options.users;
    const users = population(options.seed * 1_000 + e, size);
    const expected = assigner(split);
    let mismatches = 0;
    await inBatches(size, options.parallel ?? 20, async (i) => {
      const id = users.ids[i]!;
      const user = edgeUser({ edgeUrl, userId: id, seed: options.seed * 1_000_000 + i });
      const variation = expected(id);
      const dropped = variation === 1 && users.drop[i]! < drop;
      if (!dropped) {
        const a = await user.assignWhenKnown(key);
        if (a.variation !== variation) mismatches += 1;
      }
      if (users.convert[i]! < rates[variation]!) await user.client.track(METRIC);
      await user.settle();
      options.progress?.advance(1);
    });
    const inProcess = analyse(users, split, rates, drop, { threshold: 0.001, minUsers: 8 });
    const edge = await settledResults(admin, key, inProcess);
    const gap = numberGap(edge, inProcess);
    rows.push({
      key,
      srmInjected: injected,
      users: size,
      seed: state.seed,
      assignmentMismatches: mismatches,
      edge,
      inProcess,
      identical: mismatches === 0 && exactly(edge, inProcess) && gap === 0,
      maxRelativeDifference: gap,
      agree: mismatches === 0 && exactly(edge, inProcess) && gap <= RELATIVE_TOLERANCE,
    });
  }
  return rows;
}

// The shards push to the aggregator a moment after a change: waits until the results hold
// as many exposures and conversions as were sent (more would be counted twice).
async function settledResults(
  admin: ExperimentAdmin,
  key: string,
  sent: Analysis,
  timeoutMs = 30_000,
): Promise<Analysis> {
  const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const edge = fromEdge(await admin.results<ExperimentResults>(key));
    const arrived =
      total(edge.exposed) >= total(sent.exposed) && total(edge.converted) >= total(sent.converted);
    if (arrived) return edge;
    if (Date.now() > deadline) {
      throw new LabError(
        `experiment ${key}: the edge's results hold ${total(edge.exposed)} exposures and ${total(edge.converted)} conversions ` +
          `of ${total(sent.exposed)} and ${total(sent.converted)} sent, after ${timeoutMs} ms`,
      );
    }
    await sleep(100);
  }
}
