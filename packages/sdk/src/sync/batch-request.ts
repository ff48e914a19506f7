// Internal: one sealed batch as an HTTP request, and what the edge's answer means for it.
import {
  type Ack,
  BINARY_CONTENT_TYPE,
  decodeAck,
  decodeErrorBody,
  encodeBatch,
  encodeBatchJson,
  JSON_CONTENT_TYPE,
  type KnownArms,
} from '@crowdbandit/protocol/client';
import type { SealedBatch } from '../storage/records.ts';
import { within } from '../within.ts';
import { deltasUrl, KEY_HEADER } from './edge-urls.ts';
import { parseJson } from './parse-json.ts';

/** Everything `fetch` needs to send one batch; plain data, so it can cross to the main thread. */
export interface BatchRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | string;
  readonly seq: number;
  readonly id: string;
}

/** Where and how batches go. */
export interface EdgeTarget {
  readonly endpoint: string;
  readonly appId: string;
  readonly publishableKey: string;
  readonly transport: 'binary' | 'json';
}

/**
 * Encodes a batch for the edge, sent under `clientId`: the batch's own client id with the
 * edge's signature (the edge keeps the seqs by the id without it). Throws a RangeError naming
 * the field when the batch breaks the wire contract (the edge would reject it with 400 anyway).
 * A binary batch names the `known` arms by ref; JSON, for debugging, spells every arm out.
 */
export function batchRequest(
  target: EdgeTarget,
  batch: SealedBatch,
  clientId: string,
  known?: KnownArms,
): BatchRequest {
  const wire = { clientId, seq: batch.seq, deltas: [...batch.deltas] };
  const binary = target.transport === 'binary';
  return {
    url: deltasUrl(target.endpoint, target.appId),
    headers: {
      'content-type': binary ? BINARY_CONTENT_TYPE : JSON_CONTENT_TYPE,
      [KEY_HEADER]: target.publishableKey,
    },
    body: binary ? encodeBatch(wire, known) : encodeBatchJson(wire),
    seq: batch.seq,
    id: batch.id,
  };
}

/** What to do after one attempt to send a batch. */
export type SendOutcome =
  /** Committed (accepted now or before): drop it from the outbox. */
  | { readonly kind: 'ack'; readonly ack: Ack }
  /** 409: the edge expects another seq; renumber the outbox from it. */
  | { readonly kind: 'gap'; readonly expectedSeq: number }
  /**
   * 409 `unknown_arm_refs`: the edge could not find these refs' arms and applied nothing:
   * send the batch again with them spelled out.
   */
  | { readonly kind: 'unknownRefs'; readonly refs: readonly number[]; readonly message: string }
  /** 400/413: the edge will never take this batch. */
  | {
      readonly kind: 'reject';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  /**
   * 401 `unsigned_client_id`: the edge does not accept the signed client id (its secret
   * changed, say) and applied nothing: get a new signature and resend.
   */
  | { readonly kind: 'unsigned'; readonly message: string }
  /** 401/403/404...: misconfigured key or app; retrying soon will not help. */
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly code: string;
      readonly message: string;
    }
  /** Network error, timeout, 5xx, 429, or an answer that makes no sense: try again later. */
  | {
      readonly kind: 'retry';
      readonly offline: boolean;
      readonly message: string;
      readonly code?: string;
      readonly retryAfterMs?: number;
    };

function retryAfterHeader(value: string | null): number | undefined {
  const seconds = value === null ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/**
 * Reads the edge's answer to batch `seq`.
 *
 * @example
 * classifyResponse(7, 409, '{"error":{"code":"seq_gap","message":"expected 5","expectedSeq":5}}', null);
 * // { kind: 'gap', expectedSeq: 5 }
 */
export function classifyResponse(
  seq: number,
  status: number,
  text: string,
  retryAfter: string | null,
): SendOutcome {
  const body = parseJson(text);
  if (status === 200) {
    const ack = decodeAck(body);
    if (ack.ok && ack.value.seq === seq) return { kind: 'ack', ack: ack.value };
    const why = ack.ok ? `an ack for seq ${ack.value.seq}` : ack.error.message;
    return {
      kind: 'retry',
      offline: false,
      code: 'bad_ack',
      message: `the edge answered batch ${seq} with ${why}`,
    };
  }
  return classifyFailure(status, body, retryAfter);
}

/**
 * Reads an answer other than 200 (the body parsed, or undefined).
 *
 * @example
 * classifyFailure(429, { error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 5000 } }, null);
 * // { kind: 'retry', offline: false, code: 'rate_limited', message: 'slow down', retryAfterMs: 5000 }
 */
export function classifyFailure(
  status: number,
  body: unknown,
  retryAfter: string | null,
): Exclude<SendOutcome, { readonly kind: 'ack' }> {
  const decoded = decodeErrorBody(body);
  const error = decoded.ok ? decoded.value.error : undefined;
  const code = error?.code ?? `http_${status}`;
  const message = error?.message ?? `HTTP ${status}`;
  if (status === 409 && error?.code === 'seq_gap' && error.expectedSeq !== undefined) {
    return { kind: 'gap', expectedSeq: error.expectedSeq };
  }
  if (status === 409 && code === 'unknown_arm_refs' && error?.unknownRefs !== undefined) {
    return { kind: 'unknownRefs', refs: error.unknownRefs, message };
  }
  if (status === 401 && code === 'unsigned_client_id') return { kind: 'unsigned', message };
  if (status === 400 || status === 413) return { kind: 'reject', status, code, message };
  if (status === 429 || status >= 500 || status === 409) {
    const wait = error?.retryAfterMs ?? retryAfterHeader(retryAfter);
    return wait === undefined
      ? { kind: 'retry', offline: false, code, message }
      : { kind: 'retry', offline: false, code, message, retryAfterMs: wait };
  }
  return { kind: 'refused', status, code, message };
}

/** Sends one batch and classifies the answer; never throws. */
export async function sendBatch(
  fetcher: typeof fetch,
  request: BatchRequest,
  timeoutMs: number,
): Promise<SendOutcome> {
  const attempt = (async () => {
    const response = await fetcher(request.url, {
      method: 'POST',
      headers: request.headers,
      body: request.body as BodyInit,
    });
    const text = await response.text();
    return classifyResponse(
      request.seq,
      response.status,
      text,
      response.headers.get('retry-after'),
    );
  })();
  try {
    return await within(attempt, timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
  } catch (error) {
    return {
      kind: 'retry',
      offline: true,
      message: `sending batch ${request.seq} failed: ${String(error)}`,
    };
  }
}
