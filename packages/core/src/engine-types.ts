import type { ArmKeyParts } from './arm-key.ts';
import type { Candidate } from './candidate.ts';
import type { Catalog } from './catalog.ts';
import type { ChooseResult } from './choose.ts';
import type { CommunityKappa, CommunityStrength } from './community-strength.ts';
import type { ContextValues } from './context.ts';
import type { DecisionConfig, ResolvedDecision } from './decision.ts';
import type { Policy } from './explanation.ts';
import type { Counts, PriorSource } from './prior.ts';
import type { Rng } from './random.ts';
import type { RankedItem } from './rank.ts';
import type { FeedbackEvent, Reward } from './rewards.ts';
import type { Session, SessionItem, SessionRecord } from './session.ts';
import type { SessionOptions } from './session-options.ts';

/**
 * Evidence to send to the edge for one arm key: success and failure weight and the number
 * of impressions since the last {@link Engine.takeDeltas}.
 */
export interface Delta extends ArmKeyParts {
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/** Own evidence of one arm key as stored. */
export interface ArmRecord extends ArmKeyParts {
  readonly s: number;
  readonly f: number;
  readonly t: number;
}

/** Everything an engine learned, as plain data for storage. */
export interface EngineState {
  readonly arms: readonly ArmRecord[];
  readonly pending: readonly Delta[];
  readonly session: SessionRecord | null;
  readonly interactions: number;
}

/**
 * What changed since the last {@link Engine.drainChanges}, for write-behind storage:
 * evidence as increments (so several tabs adding to one store never overwrite each other),
 * the session and the interaction count.
 */
export interface EngineChanges {
  /** Increments per arm key since the last drain, made by `at` at the latest. */
  readonly evidence: readonly Delta[];
  readonly at: number;
  readonly session: SessionRecord;
  readonly interactions: number;
}

/** The crowd's totals [S, F] by decision, context key and arm, as in a priors snapshot. */
export type CommunityTotals = Readonly<
  Record<string, Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>>>
>;

/** Options of {@link createEngine}. */
export interface EngineOptions {
  readonly decisions: Readonly<Record<string, DecisionConfig>>;
  /** Seed for deterministic draws (tests, simulations, debugging). Default: from crypto. */
  readonly seed?: number;
  /** A generator of your own; wins over `seed`. */
  readonly rng?: Rng;
  /** Clock in epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Local hour and weekday for the time-of-day and weekday context features. */
  readonly localTime?: (now: number) => { readonly hour: number; readonly day: number };
  readonly session?: Partial<SessionOptions>;
  /**
   * Keep deltas for {@link Engine.takeDeltas} (default true). A host that persists the
   * increments of {@link Engine.drainChanges} and seals batches from its own store passes
   * false, so nothing accumulates in memory twice.
   */
  readonly keepDeltas?: boolean;
  /** State from {@link Engine.exportState}, to resume where a previous engine stopped. */
  readonly state?: EngineState;
}

/** Options of {@link Engine.rank}. */
export interface RankOptions {
  /** Number of items to return. Default: the decision's k. */
  readonly k?: number;
  readonly context?: ContextValues;
  /** Ids that must not be returned. */
  readonly exclude?: Iterable<string>;
  /** Leave out items the visitor interacted with in this session. Default false. */
  readonly excludeSeen?: boolean;
  /**
   * `baseline` ranks by relevance alone (see {@link Policy}): no draws, no session boost or
   * hiding, no diversity or exploration; `exclude` and `excludeSeen` still apply, and
   * feedback on what it shows trains the engine as usual. Default `learner`.
   *
   * @example
   * engine.rank('home-feed', films, { policy: 'baseline' })[0].explanation.policy; // 'baseline'
   */
  readonly policy?: Policy;
}

/** Options of {@link Engine.choose}. */
export interface ChooseOptions {
  readonly k?: number;
  readonly context?: ContextValues;
  /** Only these arms may be chosen now (e.g. strategies that have candidates). */
  readonly available?: readonly string[];
  /**
   * `baseline` returns the arms in their configured order, the fallback first, with equal
   * weights and no draws (see {@link Policy}). Default `learner`.
   */
  readonly policy?: Policy;
}

/** Options of {@link Engine.feedback}. */
export interface FeedbackOptions {
  /**
   * Context of the decision this feedback answers. Default: the context the arm was last
   * returned in, so feedback is credited where the decision was made.
   */
  readonly context?: ContextValues;
  /** Features of the item, when it was not returned by a recent `rank`. */
  readonly item?: Omit<SessionItem, 'id'>;
}

/** What a feedback event did. */
export interface FeedbackResult {
  readonly contextKey: string;
  /** The reward credited, or null when the event carried no evidence (a neutral rating). */
  readonly reward: Reward | null;
}

/** One arm's posterior, for stats and "why this?" panels. */
export interface ArmPosterior {
  readonly arm: string;
  readonly alpha: number;
  readonly beta: number;
  readonly mean: number;
  /** Equal-tailed 95% posterior interval, when asked for (see Explanation.interval). */
  readonly interval?: readonly [number, number];
  readonly prior: PriorSource;
  /** How strong the community prior is and why, when `prior` is `'community'`; else null. */
  readonly community: CommunityStrength | null;
}

/**
 * The decision engine: posteriors per arm key, community priors, the session, and the
 * deltas waiting to be sent. Everything is in memory and synchronous.
 */
export interface Engine {
  /** Ranks candidates for a `rank` decision: best first, each with its explanation. */
  rank(
    decision: string,
    candidates: readonly Candidate[] | Catalog,
    options?: RankOptions,
  ): RankedItem[];
  /** Picks the top k arms of a `choose` decision with normalised weights. */
  choose(decision: string, options?: ChooseOptions): ChooseResult;
  /** Learns from one event on an arm. */
  feedback(
    decision: string,
    arm: string,
    event: FeedbackEvent,
    options?: FeedbackOptions,
  ): FeedbackResult;
  /**
   * Replaces the community priors. `own` is this client's contribution included in the
   * totals, by arm key (subtracted, so its own feedback never counts twice); `kappa` is the
   * snapshot's κ per decision: a prior's strength is min(S + F, κ, maxPriorStrength), with κ
   * the arm's own where published, else its decision's, else `DEFAULT_PRIOR_STRENGTH`.
   *
   * @example
   * engine.setCommunity(snapshot.decisions, own, snapshot.kappa);
   * engine.posterior('home-feed', 'movie-1234').community?.kappa; // { value: 812, source: 'estimate' }
   */
  setCommunity(
    totals: CommunityTotals,
    own?: ReadonlyMap<string, Counts>,
    kappa?: CommunityKappa,
  ): void;
  /** The posterior of one arm in a context. */
  posterior(decision: string, arm: string, context?: ContextValues): ArmPosterior;
  /** Deltas not yet taken. */
  pendingDeltas(): Delta[];
  /** Takes the pending deltas, leaving none. */
  takeDeltas(): Delta[];
  /** Evidence increments and the session since the last call. */
  drainChanges(): EngineChanges;
  /**
   * Adopts stored own evidence (e.g. after another tab added to it), keeping increments of
   * this engine that were not drained yet.
   */
  loadEvidence(records: readonly ArmRecord[]): void;
  exportState(): EngineState;
  /** The current session (after idle expiry). */
  session(): Session;
  readonly decisions: ReadonlyMap<string, ResolvedDecision>;
}
