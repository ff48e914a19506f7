// A stand-in for the edge, for the SDK's unit tests only: an in-process `fetch` that follows
// the documented HTTP semantics (exactly-once per (clientId, seq), 409 with expectedSeq, acks
// carrying the shard version that includes the batch, versioned priors snapshots listing the
// shard versions they merged, ETag/If-None-Match). The real edge in workerd is exercised by
// the integration tests in /test.
import { shardOf } from '@crowdbandit/core';
import {
  BINARY_CONTENT_TYPE,
  type DeltaBatch,
  decodeBatch,
  decodeBatchJson,
  fromMilli,
  type PriorsSnapshot,
  priorsETag,
  toMilli,
} from '@crowdbandit/protocol';

interface Shard {
  version: number;
  /** decision -> context -> arm -> [S, F] in milli-units. */
  totals: Map<string, Map<string, Map<string, [number, number]>>>;
}

interface ClientState {
  last: number;
  /** seq -> shard version that included it. */
  versions: Map<number, number>;
}

/** One request as the fake edge saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly seq?: number;
  readonly status: number;
}

/** A fault for the next matching requests. */
export type Fault =
  | { readonly kind: 'network' }
  /** The edge commits the batch, but the answer never arrives. */
  | { readonly kind: 'lose-response' }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly code: string;
      readonly retryAfterMs?: number;
    };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function error(status: number, code: string, message: string, extra: object = {}): Response {
  return json(status, { error: { code, message, ...extra } });
}

export class FakeEdge {
  readonly appId: string;
  readonly key: string;
  readonly shardCount: number;
  readonly requests: SeenRequest[] = [];
  /** Faults applied to the next POSTs, in order. */
  readonly faults: Fault[] = [];
  /** Publish a snapshot after every accepted batch (otherwise call publish()). */
  autoPublish = false;
  readonly #shards: Shard[];
  readonly #clients = new Map<string, ClientState>();
  #snapshot: PriorsSnapshot;

  constructor(options: { appId?: string; key?: string; shards?: number } = {}) {
    this.appId = options.appId ?? 'demo';
    this.key = options.key ?? 'pk_test';
    this.shardCount = options.shards ?? 4;
    this.#shards = Array.from({ length: this.shardCount }, () => ({
      version: 0,
      totals: new Map(),
    }));
    this.#snapshot = {
      app: this.appId,
      version: 0,
      generatedAt: 0,
      shards: {},
      decisions: {},
    };
  }

  /** The fetch to give the SDK. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const response = await this.#handle(request, path);
    return response;
  }) as typeof fetch;

  /** The latest published snapshot. */
  get snapshot(): PriorsSnapshot {
    return this.#snapshot;
  }

  /** Totals over all shards, in counts: decision -> context -> arm -> [S, F]. */
  totals(): PriorsSnapshot['decisions'] {
    const out: Record<string, Record<string, Record<string, [number, number]>>> = {};
    for (const shard of this.#shards) {
      for (const [decision, contexts] of shard.totals) {
        for (const [context, arms] of contexts) {
          for (const [arm, [s, f]] of arms) {
            out[decision] ??= {};
            const byContext = out[decision];
            byContext[context] ??= {};
            const byArm = byContext[context];
            const [s0, f0] = byArm[arm] ?? [0, 0];
            byArm[arm] = [s0 + s, f0 + f];
          }
        }
      }
    }
    for (const contexts of Object.values(out))
      for (const arms of Object.values(contexts))
        for (const [arm, [s, f]] of Object.entries(arms)) arms[arm] = [fromMilli(s), fromMilli(f)];
    return out;
  }

  /** Builds a new snapshot from every shard's cumulative totals. */
  publish(at = Date.now()): PriorsSnapshot {
    const shards: Record<string, number> = {};
    this.#shards.forEach((shard, i) => {
      shards[String(i)] = shard.version;
    });
    this.#snapshot = {
      app: this.appId,
      version: this.#snapshot.version + 1,
      generatedAt: at,
      shards,
      decisions: this.totals(),
    };
    return this.#snapshot;
  }

  /** Adds totals from other clients directly (the crowd). */
  addCrowd(decision: string, context: string, arm: string, s: number, f: number): void {
    this.#add(this.#shards[0]!, decision, context, arm, toMilli(s), toMilli(f));
    this.#shards[0]!.version += 1;
  }

  /** Forgets a client's last seq, as if the edge lost its state. */
  forget(clientId: string, last = 0): void {
    const state = this.#clients.get(clientId);
    if (state) state.last = last;
  }

  /** Every client id that sent a batch. */
  clientIds(): string[] {
    return [...this.#clients.keys()];
  }

  /** The last seq committed for a client. */
  lastSeq(clientId: string): number {
    return this.#clients.get(clientId)?.last ?? 0;
  }

  /** Number of POSTs to the deltas route. */
  get posts(): number {
    return this.requests.filter((r) => r.method === 'POST').length;
  }

  async #handle(request: Request, path: string): Promise<Response> {
    const base = `/v1/apps/${this.appId}`;
    if (request.method === 'POST' && path === `${base}/deltas`) return this.#deltas(request, path);
    if (request.method === 'GET' && path === `${base}/priors`) {
      const status = this.#authorised(request) ? 200 : 401;
      if (status === 401) return this.#log(request, path, error(401, 'unauthorized', 'bad key'));
      if (request.headers.get('if-none-match') === priorsETag(this.#snapshot.version)) {
        return this.#log(request, path, new Response(null, { status: 304 }));
      }
      return this.#log(
        request,
        path,
        json(200, this.#snapshot, { etag: priorsETag(this.#snapshot.version) }),
      );
    }
    return this.#log(request, path, error(404, 'not_found', `no route ${path}`));
  }

  #authorised(request: Request): boolean {
    return request.headers.get('x-crowdbandit-key') === this.key;
  }

  #log(request: Request, path: string, response: Response, seq?: number): Response {
    this.requests.push({
      method: request.method,
      path,
      status: response.status,
      ...(seq === undefined ? {} : { seq }),
    });
    return response;
  }

  async #deltas(request: Request, path: string): Promise<Response> {
    const fault = this.faults.shift();
    if (fault?.kind === 'network') {
      this.requests.push({ method: 'POST', path, status: 0 });
      throw new TypeError('Failed to fetch');
    }
    if (!this.#authorised(request)) {
      return this.#log(request, path, error(401, 'unauthorized', 'bad publishable key'));
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    const decoded =
      request.headers.get('content-type') === BINARY_CONTENT_TYPE
        ? decodeBatch(bytes)
        : decodeBatchJson(new TextDecoder().decode(bytes));
    if (!decoded.ok) {
      return this.#log(request, path, error(400, 'invalid_body', decoded.error.message));
    }
    const batch = decoded.value;
    if (fault?.kind === 'status') {
      const extra = fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs };
      return this.#log(
        request,
        path,
        error(fault.status, fault.code, 'injected', extra),
        batch.seq,
      );
    }
    const response = this.#commit(batch);
    if (fault?.kind === 'lose-response') {
      this.requests.push({ method: 'POST', path, seq: batch.seq, status: 0 });
      throw new TypeError('Failed to fetch');
    }
    return this.#log(request, path, response, batch.seq);
  }

  #commit(batch: DeltaBatch): Response {
    const shardIndex = shardOf(batch.clientId, this.shardCount);
    const shard = this.#shards[shardIndex]!;
    let client = this.#clients.get(batch.clientId);
    if (client === undefined) {
      client = { last: 0, versions: new Map() };
      this.#clients.set(batch.clientId, client);
    }
    if (batch.seq <= client.last) {
      const shardVersion = client.versions.get(batch.seq) ?? shard.version;
      return json(200, { status: 'duplicate', seq: batch.seq, shard: shardIndex, shardVersion });
    }
    if (batch.seq > client.last + 1) {
      return error(409, 'seq_gap', `expected seq ${client.last + 1}`, {
        expectedSeq: client.last + 1,
      });
    }
    for (const d of batch.deltas) {
      this.#add(shard, d.decision, d.context, d.arm, toMilli(d.s), toMilli(d.f));
    }
    shard.version += 1;
    client.last = batch.seq;
    client.versions.set(batch.seq, shard.version);
    if (this.autoPublish) this.publish();
    return json(200, {
      status: 'accepted',
      seq: batch.seq,
      shard: shardIndex,
      shardVersion: shard.version,
    });
  }

  #add(shard: Shard, decision: string, context: string, arm: string, s: number, f: number): void {
    let contexts = shard.totals.get(decision);
    if (!contexts) {
      contexts = new Map();
      shard.totals.set(decision, contexts);
    }
    let arms = contexts.get(context);
    if (!arms) {
      arms = new Map();
      contexts.set(context, arms);
    }
    const [s0, f0] = arms.get(arm) ?? [0, 0];
    arms.set(arm, [s0 + s, f0 + f]);
  }
}
