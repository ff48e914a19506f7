export type { Ack } from './ack.ts';
export { AckSchema } from './ack.ts';
export type { AlertLog, LoggedAlert } from './alert-log.ts';
export { AlertLogSchema, LoggedAlertSchema, MAX_LOGGED_ALERTS } from './alert-log.ts';
export { armRef, type KnownArms, refCheck } from './arm-ref.ts';
export {
  BINARY_FORMAT_VERSION,
  BINARY_MAGIC,
  REF_FORMAT_VERSION,
} from './batch-binary-format.ts';
export { checkBatch } from './check-batch.ts';
export type { ClientIdRequest, ClientIdResponse } from './client-id.ts';
export { ClientIdRequestSchema, ClientIdResponseSchema } from './client-id.ts';
export { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from './content-types.ts';
export { decodeAck } from './decode-ack.ts';
export { decodeBatch } from './decode-batch.ts';
export { decodeBatchJson, validateBatch } from './decode-batch-json.ts';
export { decodeClientIdResponse } from './decode-client-id-response.ts';
export { decodeErrorBody } from './decode-error-body.ts';
export { decodeExperimentsAnnouncement, decodeExperimentsSnapshot } from './decode-experiments.ts';
export { decodePriorsAnnouncement } from './decode-priors-announcement.ts';
export { decodePriorsSnapshot } from './decode-priors-snapshot.ts';
export { decodeWith } from './decode-with.ts';
export type { Decoded, DecodeError, WireIssue } from './decoded.ts';
export type { ArmRefDelta, Delta, DeltaBatch, ReceivedBatch } from './delta-batch.ts';
export {
  ArmRefDeltaSchema,
  DeltaBatchSchema,
  DeltaSchema,
  ReceivedBatchSchema,
} from './delta-batch.ts';
export { encodeBatch } from './encode-batch.ts';
export { encodeBatchJson } from './encode-batch-json.ts';
export { encodeBatchV1 } from './encode-batch-v1.ts';
export { installEnglishMessages } from './english-messages.ts';
export type { ErrorBody, ErrorDetails } from './error-body.ts';
export { ErrorBodySchema, errorBody } from './error-body.ts';
export type { ErrorCode } from './error-codes.ts';
export { ERROR_CODES, ERROR_STATUS } from './error-codes.ts';
export type { EventsBody, EventsResponse, ServerEvent } from './events-body.ts';
export { EventsBodySchema, EventsResponseSchema, ServerEventSchema } from './events-body.ts';
export type {
  Experiment,
  ExperimentChange,
  ExperimentDefinition,
  ExperimentStop,
  ExperimentsSnapshot,
  Policy,
  Variation,
} from './experiment.ts';
export {
  definitionProblems,
  EXPERIMENT_KEY,
  ExperimentChangeSchema,
  ExperimentDefinitionSchema,
  ExperimentSchema,
  ExperimentStopSchema,
  ExperimentsSnapshotSchema,
  experimentKeySchema,
  MAX_METRICS,
  MAX_VARIATIONS,
  NamespaceSchema,
  PolicySchema,
  VariationSchema,
} from './experiment.ts';
export type { ExperimentCount } from './experiment-deltas.ts';
export {
  EXPERIMENT_DECISION_PREFIX,
  experimentDelta,
  isExperimentDecision,
  readExperimentDelta,
} from './experiment-deltas.ts';
export type {
  ExperimentResults,
  MetricHistoryPoint,
  MetricResults,
  MetricVariation,
  SequenceInterval,
  VersusControl,
} from './experiment-results.ts';
export {
  ExperimentResultsSchema,
  MetricHistoryPointSchema,
  MetricResultsSchema,
  MetricVariationSchema,
  SequenceIntervalSchema,
  VersusControlSchema,
} from './experiment-results.ts';
export type { ExperimentPhase, ExperimentState } from './experiment-state.ts';
export { ExperimentPhaseSchema, ExperimentStateSchema } from './experiment-state.ts';
export type { ExperimentsAnnouncement } from './experiments-announcement.ts';
export { ExperimentsAnnouncementSchema } from './experiments-announcement.ts';
export type { FeedbackEvent } from './feedback-event.ts';
export { FeedbackEventSchema } from './feedback-event.ts';
export type { ArmHistory, History, HistoryPoint, HistoryQuery } from './history.ts';
export {
  ArmHistorySchema,
  HistoryPointSchema,
  HistoryQuerySchema,
  HistorySchema,
  HistoryStepSchema,
} from './history.ts';
export {
  CLIENT_SIGNATURE_LENGTH,
  MAX_BODY_BYTES,
  MAX_CONTEXT_LENGTH,
  MAX_COUNT,
  MAX_DELTAS_PER_BATCH,
  MAX_EVENTS,
  MAX_NAME_LENGTH,
} from './limits.ts';
export { mergeDeltas } from './merge-deltas.ts';
export type { PriorsAnnouncement } from './priors-announcement.ts';
export { PriorsAnnouncementSchema } from './priors-announcement.ts';
export { etagMatches, priorsETag } from './priors-etag.ts';
export type { Kappa, PriorsSnapshot } from './priors-snapshot.ts';
export { KappaSchema, PriorsSnapshotSchema } from './priors-snapshot.ts';
export { COUNT_SCALE, fromMilli, quantize, toMilli } from './quantize.ts';
export type { SeedFeedback } from './seed-feedback.ts';
export { SeedFeedbackSchema } from './seed-feedback.ts';
export type { Stats, StatsAlert, StatsArm } from './stats.ts';
export { StatsAlertSchema, StatsArmSchema, StatsSchema } from './stats.ts';
export { PROTOCOL_VERSION } from './version.ts';
export type { ZodIssueLike } from './zod-issues.ts';
export { issuesFromZod } from './zod-issues.ts';
