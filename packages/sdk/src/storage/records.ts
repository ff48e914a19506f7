// Internal: the values kept in each object store (schema v2).
import type { SessionRecord } from '@crowdbandit/core';
import type { Delta, ExperimentsSnapshot, PriorsSnapshot } from '@crowdbandit/protocol/client';

/** Own evidence of an arm key, exact at `t` (decays lazily from there). Key: arm key. */
export interface EvidenceRecord {
  readonly s: number;
  readonly f: number;
  readonly t: number;
}

/** Increments of an arm key not sealed into a batch yet. Key: arm key. */
export interface PendingRecord {
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/**
 * A batch sealed for the edge. Key: seq. `id` names the content, which keeps its identity
 * when a 409 renumbers the outbox, so a late ack for the old seq is recognised as stale.
 */
export interface SealedBatch {
  readonly id: string;
  readonly clientId: string;
  readonly seq: number;
  readonly deltas: readonly Delta[];
  readonly sealedAt: number;
}

/** An acknowledged batch no priors snapshot includes yet. Key: batch id. */
export interface AckedRecord {
  readonly seq: number;
  readonly shard: number;
  readonly shardVersion: number;
  /** The batch's deltas: the edge counts all of them (bounded per client in its totals). */
  readonly deltas: readonly Delta[];
  readonly at: number;
}

/** A batch the edge will never take (400, 413, or one that cannot be encoded). Key: batch id. */
export interface RejectedRecord {
  readonly batch: SealedBatch;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly at: number;
}

/** The latest priors snapshot. Key: `'current'`. */
export interface PriorsRecord {
  readonly snapshot: PriorsSnapshot;
  readonly etag: string | null;
}

/**
 * Keys of the `meta` store. `clientId` is this client's own id: batches are sealed under it
 * and the edge keeps the client's seqs by it. `signedClientId` is that id with the edge's
 * signature appended, sent as the wire `clientId` (absent until the edge signed it).
 */
export type MetaKey =
  | 'clientId'
  | 'signedClientId'
  | 'nextSeq'
  | 'schemaVersion'
  | 'interactions'
  | 'lastAckedSeq';

/** The latest experiments snapshot. Key: `'current'`. */
export interface ExperimentsRecord {
  readonly snapshot: ExperimentsSnapshot;
  readonly etag: string | null;
  /**
   * Some experiment names a decision, whose policy it switches: the host loads its
   * experiment code as it starts, so that the first `rank` already follows the assignment.
   */
  readonly policy: boolean;
}

/**
 * A user's first exposure to an experiment in one phase, recorded once (the exposure delta
 * went into `pending` in the same transaction). Key: `<experiment>/<phase>/<hash value>`.
 */
export interface ExposureRecord {
  readonly variation: number;
  readonly at: number;
}

/** The stored session. Key: `'current'`. */
export type StoredSession = SessionRecord;
