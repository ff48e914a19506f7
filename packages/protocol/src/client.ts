// The browser SDK's entry (`@crowdbandit/protocol/client`): the batch encoders and
// hand-written decoders for what the edge answers. Nothing here imports zod.

export type { Ack } from './ack.ts';
export { armRef, type KnownArms } from './arm-ref.ts';
export { REF_FORMAT_VERSION } from './batch-binary-format.ts';
export { checkBatch } from './check-batch.ts';
export type { ClientIdResponse } from './client-id.ts';
export { BINARY_CONTENT_TYPE, JSON_CONTENT_TYPE } from './content-types.ts';
export { decodeAck } from './decode-ack.ts';
export { decodeClientIdResponse } from './decode-client-id-response.ts';
export { decodeErrorBody } from './decode-error-body.ts';
export { decodeExperimentsAnnouncement, decodeExperimentsSnapshot } from './decode-experiments.ts';
export { decodePriorsAnnouncement } from './decode-priors-announcement.ts';
export { decodePriorsSnapshot } from './decode-priors-snapshot.ts';
export type { Decoded, DecodeError, WireIssue } from './decoded.ts';
export type { Delta, DeltaBatch } from './delta-batch.ts';
export { encodeBatch } from './encode-batch.ts';
export { encodeBatchJson } from './encode-batch-json.ts';
export type { ErrorBody } from './error-body.ts';
export type { ErrorCode } from './error-codes.ts';
export type { Experiment, ExperimentsSnapshot, Policy, Variation } from './experiment.ts';
export type { ExperimentCount } from './experiment-deltas.ts';
export {
  EXPERIMENT_DECISION_PREFIX,
  experimentDelta,
  isExperimentDecision,
} from './experiment-deltas.ts';
export type { ExperimentsAnnouncement } from './experiments-announcement.ts';
export {
  CLIENT_SIGNATURE_LENGTH,
  MAX_BODY_BYTES,
  MAX_CONTEXT_LENGTH,
  MAX_COUNT,
  MAX_DELTAS_PER_BATCH,
  MAX_NAME_LENGTH,
} from './limits.ts';
export { mergeDeltas } from './merge-deltas.ts';
export type { PriorsAnnouncement } from './priors-announcement.ts';
export { priorsETag } from './priors-etag.ts';
export type { Kappa, PriorsSnapshot } from './priors-snapshot.ts';
export { COUNT_SCALE, fromMilli, quantize, toMilli } from './quantize.ts';
export { PROTOCOL_VERSION } from './version.ts';
