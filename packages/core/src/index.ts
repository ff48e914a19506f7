export { type ArmKeyParts, armKey, checkArmId, parseArmKey } from './arm-key.ts';
export { sampleBeta, sampleGamma, sampleNormal } from './beta.ts';
export {
  betaCdf,
  betaInterval,
  betaMean,
  betaQuantile,
  betaVariance,
  probabilityOfBeingBest,
} from './beta-distribution.ts';
export { type BlendedItem, type BlendSource, blend } from './blend.ts';
export { boundedContribution, boundedScale } from './bounded-contribution.ts';
export type { Candidate } from './candidate.ts';
export { Catalog, createCatalog } from './catalog.ts';
export { checkDecision, isName } from './check-decision.ts';
export { checkSession } from './check-session.ts';
export { type ChooseResult, type ChosenArm, chooseTopK } from './choose.ts';
export {
  type CommunityKappa,
  type CommunityStrength,
  DEFAULT_PRIOR_STRENGTH,
  type KappaOrigin,
  type PriorKappa,
  type PublishedKappa,
} from './community-strength.ts';
export {
  type ContextValues,
  contextKey,
  type DayType,
  dayType,
  type SessionPosition,
  sessionPosition,
  type TimeOfDay,
  timeOfDay,
  type UserType,
  userType,
} from './context.ts';
export { BUILT_IN_FEATURES } from './context-features.ts';
export { createEngine } from './create-engine.ts';
export {
  type DecisionConfig,
  fillDecision,
  type ResolvedDecision,
  resolveDecision,
} from './decision.ts';
export {
  addDispersion,
  clientTerm,
  type DecisionKappa,
  type DecisionKappaOptions,
  type DispersionSums,
  decisionKappa,
  estimateKappa,
  estimateRho,
  type KappaEstimate,
  type KappaOptions,
  type KappaSource,
  NO_DISPERSION,
  type RhoEstimate,
} from './dispersion.ts';
export { type DiversityOptions, similarity } from './diversity.ts';
export { buildEngine } from './engine.ts';
export type {
  ArmPosterior,
  ArmRecord,
  ChooseOptions,
  CommunityTotals,
  Delta,
  Engine,
  EngineChanges,
  EngineOptions,
  EngineState,
  FeedbackOptions,
  FeedbackResult,
  RankOptions,
} from './engine-types.ts';
export {
  CrowdbanditError,
  type CrowdbanditErrorCode,
  describeValue,
  isCrowdbanditError,
} from './errors.ts';
export { addReward, decayed, decayFactor, type Evidence, NO_EVIDENCE } from './evidence.ts';
export { type BucketRange, bucketRanges } from './experiments/bucket-ranges.ts';
export { chanceToBeatControl } from './experiments/chance-to-beat-control.ts';
export { chooseVariation } from './experiments/choose-variation.ts';
export {
  type ConfidenceInterval,
  type ConfidenceSequenceOptions,
  confidenceSequence,
} from './experiments/confidence-sequence.ts';
export { expectedLoss } from './experiments/expected-loss.ts';
export { hashToUnit } from './experiments/hash-to-unit.ts';
export { inNamespace, type Namespace } from './experiments/in-namespace.ts';
export { probabilityBest } from './experiments/probability-best.ts';
export { relativeUplift, type Uplift } from './experiments/relative-uplift.ts';
export { srmPValue } from './experiments/srm-p-value.ts';
export {
  type StopOptions,
  type StopRecommendation,
  stopRecommendation,
} from './experiments/stop-recommendation.ts';
export { twoProportionZTest, type ZTest } from './experiments/two-proportion-z-test.ts';
export type {
  BoostFeature,
  ExperimentVariation,
  Explanation,
  PlacementRule,
  Policy,
} from './explanation.ts';
export { bucketOf, hash32, shardOf } from './hash.ts';
export { topK } from './heap.ts';
export { logGamma } from './log-gamma.ts';
export {
  intraListDiversity,
  novelty,
  popularityRanks,
  serendipity,
} from './metrics-diversity.ts';
export { catalogCoverage, exposureCounts, giniOfExposure } from './metrics-exposure.ts';
export {
  meanReciprocalRank,
  ndcgAtK,
  precisionAtK,
  type Relevance,
  recallAtK,
  reciprocalRank,
} from './metrics-ranking.ts';
export {
  type Check,
  isRecord,
  mustBe,
  oneOf,
  refuse,
  rule,
  shape,
} from './option-checks.ts';
export {
  type BetaParams,
  type Counts,
  communityPrior,
  type DecisionPriorOptions,
  fitDecisionPrior,
  type PriorSource,
  UNIFORM_PRIOR,
} from './prior.ts';
export { createRng, type Rng } from './random.ts';
export {
  type BoostState,
  type PosteriorLookup,
  type PosteriorSlot,
  type RankedItem,
  type RankInput,
  type RankOutcome,
  type RankWeights,
  rankCandidates,
  rankOutcome,
} from './rank.ts';
export {
  DEFAULT_REWARDS,
  type FeedbackEvent,
  type FeedbackEventType,
  fillRewards,
  type NormalizedEvent,
  parseEvent,
  type Reward,
  type RewardMap,
  type RewardOverrides,
  resolveRewards,
  rewardOf,
  type SimpleEventType,
} from './rewards.ts';
export {
  embeddingBoost,
  Session,
  type SessionItem,
  type SessionRecord,
  tagBoost,
} from './session.ts';
export {
  DEFAULT_SESSION,
  fillSession,
  resolveSession,
  type SessionOptions,
} from './session-options.ts';
export { cosine, vectorNorm } from './vector.ts';
export { withInterval } from './with-interval.ts';
