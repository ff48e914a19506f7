// Internal: the leader's send loop. Every interval and on flush it seals pending increments
// into batches, then sends the outbox in seq order, one batch in flight, under the client's
// signed id, until it is empty or a failure schedules a retry with backoff. The signed id is
// asked for on the first pass, before there is anything to send, so that the keepalive send
// of a first visit has one; without it nothing is sent and the batches wait.

import { REF_FORMAT_VERSION } from '@crowdbandit/protocol/client';
import type { ErrorReport, SyncState, SyncStatus } from '../client-types.ts';
import type { HalfLifeOf } from '../storage/evidence-ops.ts';
import {
  ackBatch,
  lowestBatch,
  rejectBatch,
  renumberOutbox,
  sealPending,
} from '../storage/outbox-ops.ts';
import { outboxSummary } from '../storage/outbox-summary.ts';
import type { Store } from '../storage/store.ts';
import type { ArmRefs } from './arm-refs.ts';
import { type RetryPolicy, retryDelay } from './backoff.ts';
import { batchRequest, type EdgeTarget, type SendOutcome, sendBatch } from './batch-request.ts';
import type { ClientIdentity, SigningOutcome } from './client-identity.ts';
import { randomId } from './random-id.ts';

/** What the loop needs from its host. */
export interface SyncLoopDeps {
  readonly store: () => Store;
  readonly clientId: () => string;
  /** The signed id to send batches with. */
  readonly identity: ClientIdentity;
  readonly target: EdgeTarget;
  /** Which arms batches may name by ref. */
  readonly refs: ArmRefs;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly random: () => number;
  readonly retry: RetryPolicy;
  readonly requestTimeoutMs: number;
  readonly flushIntervalMs: number;
  readonly halfLifeOf: HalfLifeOf;
  /** Writes the engine's unsaved increments, so sealing sees all of them. */
  readonly beforeSeal: () => Promise<void>;
  /** An acknowledged batch went straight into `included`: re-blend the priors. */
  readonly onIncluded: () => void;
  readonly onStatus: (status: SyncStatus, online: boolean) => void;
  readonly onError: (report: ErrorReport) => void;
  /** A store operation threw. */
  readonly onStorageError: (error: unknown) => void;
}

// More renumberings than this in one pass means the edge keeps changing its mind: back off.
const MAX_RENUMBERS = 3;
// A fresh signature refused again (the edge's secret changed twice?): back off.
const MAX_RESIGNS = 2;
/** Resends of one batch after refs the edge could not resolve. */
const MAX_RESPELLS = 3;

export class SyncLoop {
  readonly #deps: SyncLoopDeps;
  #chain: Promise<unknown> = Promise.resolve();
  #interval: ReturnType<typeof setInterval> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #running = false;
  #online = true;
  #status: SyncStatus = { state: 'idle', pendingBatches: 0, lastAckedSeq: 0 };

  constructor(deps: SyncLoopDeps) {
    this.#deps = deps;
  }

  get status(): SyncStatus {
    return this.#status;
  }

  /** Starts the interval and runs a first pass. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#interval = setInterval(() => void this.run(), this.#deps.flushIntervalMs);
    void this.run();
  }

  stop(): void {
    this.#running = false;
    clearInterval(this.#interval);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Seals and sends now (unless a retry is scheduled); resolves with the status after. */
  run(): Promise<SyncStatus> {
    const pass = this.#chain.then(() => this.#pass());
    this.#chain = pass.catch(() => undefined);
    return pass.then(() => this.#status);
  }

  /** Reports the outbox as it is now (after an ack that arrived outside the loop). */
  async report(): Promise<void> {
    try {
      await this.#emit(this.#status.state, this.#status);
    } catch (error) {
      this.#deps.onStorageError(error);
    }
  }

  /** Drops a scheduled retry and tries at once (the network came back). */
  retryNow(): void {
    if (this.#retryTimer === undefined) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    void this.run();
  }

  async #pass(): Promise<void> {
    if (!this.#running) return;
    const d = this.#deps;
    try {
      await d.beforeSeal();
      await sealPending(d.store(), d.clientId(), d.now(), randomId);
      if (this.#retryTimer === undefined) await this.#drain();
      else await this.#emit(this.#status.state, this.#status);
    } catch (error) {
      d.onStorageError(error);
    }
  }

  async #drain(): Promise<void> {
    const d = this.#deps;
    let renumbers = 0;
    let resigns = 0;
    let respells = 0;
    for (;;) {
      if (!this.#running) return;
      const batch = await lowestBatch(d.store());
      const signed = await d.identity.obtain(batch?.clientId ?? d.clientId());
      if (signed.kind !== 'signed') return this.#unsigned(signed);
      if (batch === undefined) {
        this.#attempt = 0;
        return this.#emit('idle');
      }
      await this.#emit('sending');
      let outcome: SendOutcome;
      let byRef = false;
      try {
        const request = batchRequest(d.target, batch, signed.clientId, d.refs.known());
        byRef = typeof request.body !== 'string' && request.body[2] === REF_FORMAT_VERSION;
        outcome = await sendBatch(d.fetch, request, d.requestTimeoutMs);
      } catch (error) {
        outcome = { kind: 'reject', status: 0, code: 'unencodable', message: String(error) };
      }
      switch (outcome.kind) {
        case 'ack': {
          const { includedNow } = await ackBatch(
            d.store(),
            batch,
            outcome.ack,
            d.now(),
            d.halfLifeOf,
          );
          this.#attempt = 0;
          this.#online = true;
          respells = 0;
          if (includedNow) d.onIncluded();
          continue;
        }
        case 'gap':
          this.#online = true;
          if (outcome.expectedSeq !== batch.seq && renumbers < MAX_RENUMBERS) {
            renumbers += 1;
            await renumberOutbox(d.store(), outcome.expectedSeq);
            continue;
          }
          return this.#backoff(
            `the edge expects seq ${outcome.expectedSeq} and batch ${batch.seq} cannot be renumbered to it`,
            false,
          );
        case 'unknownRefs':
          // The edge applied nothing: resend the batch with those arms spelled out (each
          // refusal spells more, so this ends; the limit guards against an edge that lies).
          this.#online = true;
          d.refs.refuse(outcome.refs);
          if (respells < MAX_RESPELLS) {
            respells += 1;
            continue;
          }
          return this.#backoff(outcome.message, false);
        case 'unsigned':
          // The edge applied nothing: sign again and resend the same batch.
          this.#online = true;
          await d.identity.forget(signed.clientId);
          if (resigns < MAX_RESIGNS) {
            resigns += 1;
            continue;
          }
          d.onError({
            source: 'edge',
            code: 'unsigned_client_id',
            message: `the edge refused a freshly signed client id for batch ${batch.seq} (${outcome.message}); it stays in the outbox`,
          });
          return this.#backoff(outcome.message, false);
        case 'reject':
          this.#online = true;
          // An edge older than format 3 refuses it: the batch goes again in format 2.
          if (byRef && outcome.status === 400 && /format version/.test(outcome.message)) {
            d.refs.stop();
            continue;
          }
          await rejectBatch(d.store(), batch, { ...outcome, at: d.now() });
          d.onError({
            source: 'edge',
            code: outcome.code,
            message: `the edge will not take batch ${batch.seq} (${outcome.status || 'not encodable'} ${outcome.code}: ${outcome.message}); it is kept in the rejected store`,
          });
          continue;
        case 'refused':
          this.#online = true;
          d.onError({
            source: 'edge',
            code: outcome.code,
            message: `the edge refused batch ${batch.seq} (${outcome.status} ${outcome.code}: ${outcome.message}); check publishableKey, appId and endpoint`,
          });
          return this.#backoff(outcome.message, false);
        case 'retry':
          this.#online = !outcome.offline;
          d.onError({
            source: outcome.offline ? 'network' : 'edge',
            message: outcome.message,
            ...(outcome.code === undefined ? {} : { code: outcome.code }),
          });
          return this.#backoff(outcome.message, outcome.offline, outcome.retryAfterMs);
      }
    }
  }

  /**
   * No signed id yet (the edge is unreachable or rate-limits new ids): keep the batches and
   * try again after the backoff, or after as long as the edge asked.
   */
  #unsigned(outcome: Exclude<SigningOutcome, { readonly kind: 'signed' }>): Promise<void> {
    const offline = outcome.kind === 'retry' && outcome.offline;
    this.#online = !offline;
    const message =
      outcome.kind === 'retry'
        ? `the client has no signed id yet (${outcome.message}); its batches wait in the outbox`
        : `the edge refused to sign the client id (${outcome.status} ${outcome.code}: ${outcome.message}); check publishableKey, appId and endpoint`;
    this.#deps.onError({
      source: offline ? 'network' : 'edge',
      message,
      ...(outcome.code === undefined ? {} : { code: outcome.code }),
    });
    return this.#backoff(
      message,
      offline,
      outcome.kind === 'retry' ? outcome.retryAfterMs : undefined,
    );
  }

  async #backoff(message: string, offline: boolean, retryAfterMs?: number): Promise<void> {
    const delay = retryDelay(this.#attempt, this.#deps.retry, this.#deps.random, retryAfterMs);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      void this.run();
    }, delay);
    await this.#emit(offline ? 'offline' : 'backoff', { lastError: message, retryInMs: delay });
  }

  async #emit(
    state: SyncState,
    extra: Pick<SyncStatus, 'lastError' | 'retryInMs'> = {},
  ): Promise<void> {
    const summary = await outboxSummary(this.#deps.store());
    const next: SyncStatus = { state, ...summary };
    if (extra.lastError !== undefined) Object.assign(next, { lastError: extra.lastError });
    if (extra.retryInMs !== undefined) Object.assign(next, { retryInMs: extra.retryInMs });
    const prev = this.#status;
    this.#status = next;
    if (
      prev.state !== next.state ||
      prev.pendingBatches !== next.pendingBatches ||
      prev.lastAckedSeq !== next.lastAckedSeq ||
      prev.lastError !== next.lastError ||
      prev.retryInMs !== next.retryInMs
    ) {
      this.#deps.onStatus(next, this.#online);
    }
  }
}
