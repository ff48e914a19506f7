export {
  type ArmPosterior,
  type BlendedItem,
  type BlendSource,
  blend,
  type Candidate,
  type ChooseOptions,
  type ChooseResult,
  type ChosenArm,
  type ContextValues,
  CrowdbanditError,
  type DecisionConfig,
  type Explanation,
  type FeedbackEvent,
  type FeedbackOptions,
  type FeedbackResult,
  isCrowdbanditError,
  type RankedItem,
  type RankOptions,
  type SessionOptions,
} from '@crowdbandit/core';
export type { ClientOptions } from './client-options.ts';
export type {
  Client,
  ClientEvents,
  ClientStatus,
  ErrorReport,
  PriorsUpdate,
  StorageReport,
  SyncState,
  SyncStatus,
} from './client-types.ts';
export { createClient } from './create-client.ts';
