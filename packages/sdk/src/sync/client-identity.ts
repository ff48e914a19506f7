// Internal: the signed client id batches are sent with. Shards refuse ids the edge did not
// sign, so before its first send the leader asks the edge to sign this client's own id
// (`POST /v1/apps/:app/clients`), keeps the answer in `meta` and reuses it after reloads. The
// edge keeps a client's seqs by its own id, so batches sealed before the signature arrived
// (or by an install from before signed ids) continue the same seq stream under it.
import { decodeClientIdResponse, JSON_CONTENT_TYPE } from '@crowdbandit/protocol/client';
import { forgetSignedId, readSignedId, signs, storeSignedId } from '../storage/signed-id-ops.ts';
import type { Store } from '../storage/store.ts';
import { within } from '../within.ts';
import { classifyFailure, type EdgeTarget, type SendOutcome } from './batch-request.ts';
import { clientsUrl, KEY_HEADER } from './edge-urls.ts';
import { parseJson } from './parse-json.ts';

/** The answer to a request for a signature: the signed id, or why there is none yet. */
export type SigningOutcome =
  | { readonly kind: 'signed'; readonly clientId: string }
  | Exclude<SendOutcome, { readonly kind: 'ack' | 'gap' | 'unsigned' | 'unknownRefs' }>;

/**
 * Reads the edge's answer to a request to sign `own`.
 *
 * @example
 * classifySigning('q3Vd0m_Zt8uJkP2x', 200, '{"clientId":"q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE"}', null);
 * // { kind: 'signed', clientId: 'q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE' }
 */
export function classifySigning(
  own: string,
  status: number,
  text: string,
  retryAfter: string | null,
): SigningOutcome {
  const body = parseJson(text);
  if (status === 200) {
    const decoded = decodeClientIdResponse(body);
    if (decoded.ok && signs(decoded.value.clientId, own)) {
      return { kind: 'signed', clientId: decoded.value.clientId };
    }
    const why = decoded.ok ? `the id ${decoded.value.clientId}` : decoded.error.message;
    return {
      kind: 'retry',
      offline: false,
      code: 'bad_client_id',
      message: `the edge answered a request to sign ${own} with ${why}`,
    };
  }
  const failure = classifyFailure(status, body, retryAfter);
  // Neither can answer this route; a 400 says the edge will not sign this id: ask again later.
  if (failure.kind === 'gap' || failure.kind === 'unsigned' || failure.kind === 'unknownRefs') {
    return { kind: 'retry', offline: false, message: `HTTP ${status}` };
  }
  return failure.kind === 'reject' ? { ...failure, kind: 'refused' } : failure;
}

/** Asks the edge to sign `own`; never throws. */
export async function requestSignature(
  fetcher: typeof fetch,
  target: EdgeTarget,
  own: string,
  timeoutMs: number,
): Promise<SigningOutcome> {
  const attempt = (async () => {
    const response = await fetcher(clientsUrl(target.endpoint, target.appId), {
      method: 'POST',
      headers: { 'content-type': JSON_CONTENT_TYPE, [KEY_HEADER]: target.publishableKey },
      body: JSON.stringify({ id: own }),
    });
    const text = await response.text();
    return classifySigning(own, response.status, text, response.headers.get('retry-after'));
  })();
  try {
    return await within(attempt, timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
  } catch (error) {
    return {
      kind: 'retry',
      offline: true,
      message: `asking the edge to sign the client id failed: ${String(error)}`,
    };
  }
}

/** What the identity needs from its host. */
export interface ClientIdentityDeps {
  readonly store: () => Store;
  readonly target: EdgeTarget;
  readonly fetch: typeof fetch;
  readonly requestTimeoutMs: number;
}

/** The signed form of this client's own id: stored, or asked for once. */
export class ClientIdentity {
  readonly #deps: ClientIdentityDeps;
  #signed: string | undefined;

  constructor(deps: ClientIdentityDeps) {
    this.#deps = deps;
  }

  /** The stored signature of `own`, or undefined; asks nobody. */
  async stored(own: string): Promise<string | undefined> {
    if (this.#signed !== undefined && signs(this.#signed, own)) return this.#signed;
    this.#signed = await readSignedId(this.#deps.store(), own);
    return this.#signed;
  }

  /** The signed form of `own`, asking the edge to sign it when none is stored. */
  async obtain(own: string): Promise<SigningOutcome> {
    const stored = await this.stored(own);
    if (stored !== undefined) return { kind: 'signed', clientId: stored };
    const d = this.#deps;
    const outcome = await requestSignature(d.fetch, d.target, own, d.requestTimeoutMs);
    if (outcome.kind === 'signed') {
      await storeSignedId(d.store(), outcome.clientId);
      this.#signed = outcome.clientId;
    }
    return outcome;
  }

  /** Forgets a signed id the edge refused: the next {@link obtain} asks for a new one. */
  async forget(signed: string): Promise<void> {
    if (this.#signed === signed) this.#signed = undefined;
    await forgetSignedId(this.#deps.store(), signed);
  }
}
