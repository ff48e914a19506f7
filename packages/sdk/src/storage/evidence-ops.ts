// Internal: write-behind of evidence. Writes add increments inside one transaction, so tabs
// sharing the database never overwrite each other's learning.
import {
  type ArmRecord,
  armKey,
  decayed,
  type EngineChanges,
  NO_EVIDENCE,
  parseArmKey,
  type SessionRecord,
} from '@crowdbandit/core';
import type { EvidenceRecord, ExperimentsRecord, PendingRecord } from './records.ts';
import type { Store, StoreName } from './store.ts';

/** Half-life of a decision's evidence, ms (Infinity for none). */
export type HalfLifeOf = (decision: string) => number;

/** What the engine needs from storage to resume. */
export interface StoredState {
  readonly arms: ArmRecord[];
  readonly session: SessionRecord | null;
  readonly interactions: number;
  /** Undefined before the first one is created (see ensureClientId). */
  readonly clientId: string | undefined;
  /** Whether the stored experiments snapshot has an experiment on a decision. */
  readonly policyExperiments: boolean;
}

function toArm(key: string, r: EvidenceRecord): ArmRecord {
  return { ...parseArmKey(key), s: r.s, f: r.f, t: r.t };
}

/**
 * Adds the engine's increments: evidence[k] = decay(stored, at) + increment and, when the
 * deltas are to be sent, pending[k] += increment; stores the session and interaction count.
 * Returns the new stored evidence of every changed arm key (other tabs' additions included).
 */
export function writeChanges(
  store: Store,
  changes: EngineChanges,
  halfLifeOf: HalfLifeOf,
  trackPending: boolean,
): Promise<ArmRecord[]> {
  const stores: StoreName[] = ['evidence', 'session', 'meta'];
  if (trackPending) stores.push('pending');
  return store.run(stores, 'readwrite', async (tx) => {
    const keys = changes.evidence.map((d) => armKey(d.decision, d.context, d.arm));
    const [stored, pending] = await Promise.all([
      Promise.all(keys.map((key) => tx.get<EvidenceRecord>('evidence', key))),
      trackPending
        ? Promise.all(keys.map((key) => tx.get<PendingRecord>('pending', key)))
        : Promise.resolve([]),
    ]);
    const out: ArmRecord[] = [];
    changes.evidence.forEach((d, i) => {
      const key = keys[i]!;
      if (d.s > 0 || d.f > 0) {
        const base = decayed(stored[i] ?? NO_EVIDENCE, changes.at, halfLifeOf(d.decision));
        const next = { s: base.s + d.s, f: base.f + d.f, t: Math.max(base.t, changes.at) };
        tx.put('evidence', key, next);
        out.push(toArm(key, next));
      }
      if (trackPending) {
        const p = pending[i] ?? { s: 0, f: 0, n: 0 };
        tx.put('pending', key, { s: p.s + d.s, f: p.f + d.f, n: p.n + d.n });
      }
    });
    tx.put('session', 'current', changes.session);
    tx.put('meta', 'interactions', changes.interactions);
    return out;
  });
}

/** The stored evidence of some arm keys (after another tab wrote them). */
export function readEvidence(store: Store, keys: readonly string[]): Promise<ArmRecord[]> {
  return store.run(['evidence'], 'readonly', async (tx) => {
    const records = await Promise.all(keys.map((key) => tx.get<EvidenceRecord>('evidence', key)));
    const out: ArmRecord[] = [];
    records.forEach((r, i) => {
      if (r !== undefined) out.push(toArm(keys[i]!, r));
    });
    return out;
  });
}

/** Everything the engine resumes from. */
export function readState(store: Store): Promise<StoredState> {
  return store.run(['evidence', 'session', 'meta', 'experiments'], 'readonly', async (tx) => {
    const [evidence, session, interactions, clientId, experiments] = await Promise.all([
      tx.entries<EvidenceRecord>('evidence'),
      tx.get<SessionRecord>('session', 'current'),
      tx.get<number>('meta', 'interactions'),
      tx.get<string>('meta', 'clientId'),
      tx.get<ExperimentsRecord>('experiments', 'current'),
    ]);
    return {
      arms: evidence.map(([key, r]) => toArm(String(key), r)),
      session: session ?? null,
      interactions: interactions ?? 0,
      clientId,
      policyExperiments: experiments?.policy === true,
    };
  });
}

/** Puts evidence records as they are (seeding a fresh in-memory store). */
export function seedEvidence(store: Store, arms: readonly ArmRecord[]): Promise<void> {
  return store.run(['evidence'], 'readwrite', async (tx) => {
    for (const a of arms)
      tx.put('evidence', armKey(a.decision, a.context, a.arm), {
        s: a.s,
        f: a.f,
        t: a.t,
      });
  });
}
