export {
  type ArmPosterior,
  type BlendedItem,
  type BlendSource,
  blend,
  type Candidate,
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
  type SessionOptions,
} from '@crowdbandit/core';
export type { ClientOptions } from './client-options.ts';
export type {
  ChooseOptions,
  Client,
  ClientEvents,
  ClientStatus,
  ErrorReport,
  PriorsUpdate,
  RankOptions,
  StorageReport,
  SyncState,
  SyncStatus,
} from './client-types.ts';
export { createClient } from './create-client.ts';
