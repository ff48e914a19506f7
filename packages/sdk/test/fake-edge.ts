// A stand-in for the edge, for the SDK's unit tests only: an in-process `fetch` that follows
// the documented HTTP semantics (signed client ids from POST /clients, 401 unsigned_client_id
// for any other id, exactly-once per client and seq kept by the client's own id, 409 with
// expectedSeq, acks carrying the shard version that includes the batch, totals bounded per
// client, versioned priors snapshots listing the shard versions they merged with the bound
// and κ, ETag/If-None-Match, the experiments snapshot with its own ETag, experiment counts per
// client, arms sent by ref found among those of the client's shard, 409 unknown_arm_refs).
// Its signature is a hash, not an HMAC: only the edge's answers
// matter here. The real edge in workerd is exercised by the integration tests in /test.
import { boundedScale, hash32, shardOf } from '@crowdbandit/core';
import {
  armRef,
  BINARY_CONTENT_TYPE,
  CLIENT_SIGNATURE_LENGTH,
  type Delta,
  decodeBatch,
  decodeBatchJson,
  type Experiment,
  type ExperimentsSnapshot,
  fromMilli,
  type PriorsSnapshot,
  priorsETag,
  type ReceivedBatch,
  readExperimentDelta,
  refCheck,
  toMilli,
} from '@crowdbandit/protocol';

/** decision -> context -> arm -> [S, F], in milli-units. */
type Totals = Map<string, Map<string, Map<string, [number, number]>>>;

interface Shard {
  version: number;
  /** Evidence added as the crowd's ({@link FakeEdge.addCrowd}), counted whole. */
  crowd: Totals;
}

interface ClientState {
  shard: number;
  last: number;
  /** seq -> shard version that included it. */
  versions: Map<number, number>;
  /** The client's cumulative evidence per arm key, bounded when totals are summed. */
  tallies: Totals;
}

/** One request as the fake edge saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly seq?: number;
  /** The wire client id of a batch. */
  readonly clientId?: string;
  /** How many of a batch's arms came by ref (format version 3). */
  readonly refs?: number;
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

/** Options of {@link FakeEdge}. */
export interface FakeEdgeOptions {
  readonly appId?: string;
  readonly key?: string;
  readonly shards?: number;
  /** The per-client bound of the totals; null: unbounded and not published (an older edge). Default 1000. */
  readonly maxWeightPerClient?: number | null;
  /** false: an edge from before format 3, which refuses a batch with refs as it would any unknown format (400). */
  readonly readsRefs?: boolean;
}

const OWN_ID = /^[A-Za-z0-9_-]{8,48}$/;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function error(status: number, code: string, message: string, extra: object = {}): Response {
  return json(status, { error: { code, message, ...extra } });
}

function faultResponse(fault: Fault & { kind: 'status' }): Response {
  const extra = fault.retryAfterMs === undefined ? {} : { retryAfterMs: fault.retryAfterMs };
  return error(fault.status, fault.code, 'injected', extra);
}

function add(totals: Totals, decision: string, context: string, arm: string, s: number, f: number) {
  let contexts = totals.get(decision);
  if (!contexts) {
    contexts = new Map();
    totals.set(decision, contexts);
  }
  let arms = contexts.get(context);
  if (!arms) {
    arms = new Map();
    contexts.set(context, arms);
  }
  const [s0, f0] = arms.get(arm) ?? [0, 0];
  arms.set(arm, [s0 + s, f0 + f]);
}

function* entries(totals: Totals): Generator<[string, string, string, number, number]> {
  for (const [decision, contexts] of totals)
    for (const [context, arms] of contexts)
      for (const [arm, [s, f]] of arms) yield [decision, context, arm, s, f];
}

export class FakeEdge {
  readonly appId: string;
  readonly key: string;
  readonly shardCount: number;
  readonly maxWeightPerClient: number | null;
  readonly requests: SeenRequest[] = [];
  /** Faults applied to the next batch POSTs, in order. */
  readonly faults: Fault[] = [];
  /** Faults applied to the next requests for a signed id, in order. */
  readonly signingFaults: Fault[] = [];
  /** Publish a snapshot after every accepted batch (otherwise call publish()). */
  autoPublish = false;
  /**
   * κ to publish, by decision; undefined publishes the edge's fallback (100) for every
   * decision with totals, null publishes none (an older edge).
   */
  kappa: PriorsSnapshot['kappa'] | null | undefined;
  readonly #shards: Shard[];
  readonly #clients = new Map<string, ClientState>();
  #secret = 1;
  #snapshot: PriorsSnapshot;
  #experiments: ExperimentsSnapshot;
  /** Answers to the next experiments GETs, in order (the body as sent). */
  readonly experimentsAnswers: Array<{ readonly status: number; readonly body: string }> = [];

  readonly #readsRefs: boolean;

  constructor(options: FakeEdgeOptions = {}) {
    this.appId = options.appId ?? 'demo';
    this.key = options.key ?? 'pk_test';
    this.shardCount = options.shards ?? 4;
    this.#readsRefs = options.readsRefs ?? true;
    this.maxWeightPerClient =
      options.maxWeightPerClient === undefined ? 1000 : options.maxWeightPerClient;
    this.#shards = Array.from({ length: this.shardCount }, () => ({
      version: 0,
      crowd: new Map(),
    }));
    this.#snapshot = {
      app: this.appId,
      version: 0,
      generatedAt: 0,
      shards: {},
      decisions: {},
    };
    this.#experiments = { app: this.appId, version: 0, generatedAt: 0, experiments: {} };
  }

  /** The experiments snapshot served now. */
  get experiments(): ExperimentsSnapshot {
    return this.#experiments;
  }

  /** Serves these experiments from now on, as a new snapshot version. */
  setExperiments(...experiments: Experiment[]): ExperimentsSnapshot {
    this.#experiments = {
      app: this.appId,
      version: this.#experiments.version + 1,
      generatedAt: Date.now(),
      experiments: Object.fromEntries(experiments.map((e) => [e.key, e])),
    };
    return this.#experiments;
  }

  /**
   * Experiment counts committed from every client (by its own id): exposures have `metric`
   * null. Values summed per client, phase, variation and metric.
   */
  experimentCounts(experiment: string): Array<{
    client: string;
    phase: number;
    variation: number;
    metric: string | null;
    value: number;
  }> {
    const out = [];
    for (const [client, state] of this.#clients) {
      for (const [decision, context, arm, s, f] of entries(state.tallies)) {
        const read = readExperimentDelta({ decision, context, arm, s: fromMilli(s), f });
        if (read.ok && read.count.experiment === experiment) {
          const { phase, variation, metric, value } = read.count;
          out.push({ client, phase, variation, metric, value });
        }
      }
    }
    return out;
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

  /** `own` signed as this edge signs it now. */
  sign(own: string): string {
    const half = (salt: string) =>
      hash32(`${salt}:${this.#secret}:${this.appId}:${own}`).toString(16).padStart(8, '0');
    return own + half('a') + half('b');
  }

  /** Changes the signing secret: every id signed before is refused from now on. */
  rotateSecret(): void {
    this.#secret += 1;
  }

  /**
   * Totals over all shards, in counts: decision -> context -> arm -> [S, F]; each client's
   * cumulative evidence on an arm key scaled to s + f ≤ maxWeightPerClient.
   */
  totals(): PriorsSnapshot['decisions'] {
    const sum: Totals = new Map();
    for (const shard of this.#shards) {
      for (const [d, c, a, s, f] of entries(shard.crowd)) add(sum, d, c, a, s, f);
    }
    const bound = (this.maxWeightPerClient ?? Number.POSITIVE_INFINITY) * 1000;
    for (const client of this.#clients.values()) {
      for (const [d, c, a, s, f] of entries(client.tallies)) {
        const k = boundedScale({ s, f }, bound);
        add(sum, d, c, a, s * k, f * k);
      }
    }
    const out: Record<string, Record<string, Record<string, [number, number]>>> = {};
    for (const [decision, context, arm, s, f] of entries(sum)) {
      out[decision] ??= {};
      const byContext = out[decision];
      byContext[context] ??= {};
      byContext[context][arm] = [fromMilli(Math.round(s)), fromMilli(Math.round(f))];
    }
    return out;
  }

  /** Builds a new snapshot from every shard's cumulative totals. */
  publish(at = Date.now()): PriorsSnapshot {
    const shards: Record<string, number> = {};
    this.#shards.forEach((shard, i) => {
      shards[String(i)] = shard.version;
    });
    const decisions = this.totals();
    const kappa =
      this.kappa === undefined
        ? Object.fromEntries(
            Object.keys(decisions).map((d) => [
              d,
              { value: 100, source: 'fallback' as const, clients: 0, rho: null },
            ]),
          )
        : this.kappa;
    this.#snapshot = {
      app: this.appId,
      version: this.#snapshot.version + 1,
      generatedAt: at,
      shards,
      decisions,
      ...(this.maxWeightPerClient === null ? {} : { maxWeightPerClient: this.maxWeightPerClient }),
      ...(kappa === null ? {} : { kappa }),
    };
    return this.#snapshot;
  }

  /** Adds totals from other clients directly (the crowd, counted whole). */
  addCrowd(decision: string, context: string, arm: string, s: number, f: number): void {
    add(this.#shards[0]!.crowd, decision, context, arm, toMilli(s), toMilli(f));
    this.#shards[0]!.version += 1;
  }

  /**
   * Drops the crowd's evidence from the shards, as a shard that never saw those arms would be,
   * while the published snapshot still lists them: refs to them find nothing.
   */
  dropCrowd(): void {
    for (const shard of this.#shards) shard.crowd = new Map();
  }

  /**
   * Makes the edge know a client (by its own id) whose seqs up to `last` it committed before:
   * an install from before signed ids, say.
   */
  knowClient(own: string, last: number): void {
    const shard = shardOf(own, this.shardCount);
    this.#clients.set(own, { shard, last, versions: new Map(), tallies: new Map() });
  }

  /** Forgets a client's last seq, as if the edge lost its state. */
  forget(clientId: string, last = 0): void {
    const state = this.#clients.get(clientId);
    if (state) state.last = last;
  }

  /** The own id (without signature) of every client that sent a batch. */
  clientIds(): string[] {
    return [...this.#clients.keys()];
  }

  /** The last seq committed for a client, by its own id. */
  lastSeq(clientId: string): number {
    return this.#clients.get(clientId)?.last ?? 0;
  }

  /** The requests to the deltas route. */
  get batches(): SeenRequest[] {
    return this.requests.filter((r) => r.path === `/v1/apps/${this.appId}/deltas`);
  }

  /** The requests for a signed id. */
  get signings(): SeenRequest[] {
    return this.requests.filter((r) => r.path === `/v1/apps/${this.appId}/clients`);
  }

  /** Number of POSTs to the deltas route. */
  get posts(): number {
    return this.batches.length;
  }

  async #handle(request: Request, path: string): Promise<Response> {
    const base = `/v1/apps/${this.appId}`;
    if (request.method === 'POST' && path === `${base}/deltas`) return this.#deltas(request, path);
    if (request.method === 'POST' && path === `${base}/clients`)
      return this.#signing(request, path);
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
    if (request.method === 'GET' && path === `${base}/experiments`) {
      if (!this.#authorised(request)) {
        return this.#log(request, path, error(401, 'unauthorized', 'bad key'));
      }
      const answer = this.experimentsAnswers.shift();
      if (answer !== undefined) {
        return this.#log(request, path, new Response(answer.body, { status: answer.status }));
      }
      const etag = priorsETag(this.#experiments.version);
      if (request.headers.get('if-none-match') === etag) {
        return this.#log(request, path, new Response(null, { status: 304 }));
      }
      return this.#log(request, path, json(200, this.#experiments, { etag }));
    }
    return this.#log(request, path, error(404, 'not_found', `no route ${path}`));
  }

  #authorised(request: Request): boolean {
    return request.headers.get('x-crowdbandit-key') === this.key;
  }

  #log(request: Request, path: string, response: Response, batch?: ReceivedBatch): Response {
    this.requests.push({
      method: request.method,
      path,
      status: response.status,
      ...(batch === undefined ? {} : { seq: batch.seq, clientId: batch.clientId }),
      ...(batch?.refs === undefined ? {} : { refs: batch.refs.length }),
    });
    return response;
  }

  /** The own id of a client id signed with the current secret, or null. */
  #verify(clientId: string): string | null {
    if (clientId.length < 8 + CLIENT_SIGNATURE_LENGTH) return null;
    const own = clientId.slice(0, -CLIENT_SIGNATURE_LENGTH);
    return this.sign(own) === clientId ? own : null;
  }

  async #signing(request: Request, path: string): Promise<Response> {
    const fault = this.signingFaults.shift();
    if (fault?.kind === 'network' || fault?.kind === 'lose-response') {
      this.requests.push({ method: 'POST', path, status: 0 });
      throw new TypeError('Failed to fetch');
    }
    if (fault?.kind === 'status') return this.#log(request, path, faultResponse(fault));
    if (!this.#authorised(request)) {
      return this.#log(request, path, error(401, 'unauthorized', 'bad publishable key'));
    }
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const id = (body as { id?: unknown } | undefined)?.id;
    if (request.headers.get('content-type') !== 'application/json' || typeof id !== 'string') {
      return this.#log(request, path, error(400, 'invalid_body', 'expected {"id": "..."}'));
    }
    if (!OWN_ID.test(id)) {
      return this.#log(request, path, error(400, 'invalid_body', 'id: 8-48 of A-Z a-z 0-9 _ -'));
    }
    return this.#log(request, path, json(200, { clientId: this.sign(id) }));
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
    const batch: ReceivedBatch = decoded.value;
    if (!this.#readsRefs && batch.refs !== undefined) {
      const message = 'unknown format version 3 at byte 2 (this decoder reads 1 and 2)';
      return this.#log(request, path, error(400, 'invalid_body', message));
    }
    if (fault?.kind === 'status') return this.#log(request, path, faultResponse(fault), batch);
    const own = this.#verify(batch.clientId);
    if (own === null) {
      const message = 'this client id is not signed by the edge: ask POST /clients for one';
      return this.#log(request, path, error(401, 'unsigned_client_id', message), batch);
    }
    const response = this.#commit(own, batch);
    if (fault?.kind === 'lose-response') {
      this.requests.push({
        method: 'POST',
        path,
        seq: batch.seq,
        clientId: batch.clientId,
        status: 0,
      });
      throw new TypeError('Failed to fetch');
    }
    return this.#log(request, path, response, batch);
  }

  #commit(own: string, batch: ReceivedBatch): Response {
    let client = this.#clients.get(own);
    if (client === undefined) {
      const shard = shardOf(own, this.shardCount);
      client = { shard, last: 0, versions: new Map(), tallies: new Map() };
      this.#clients.set(own, client);
    }
    const shard = this.#shards[client.shard]!;
    if (batch.seq <= client.last) {
      const shardVersion = client.versions.get(batch.seq) ?? shard.version;
      return json(200, {
        status: 'duplicate',
        seq: batch.seq,
        shard: client.shard,
        shardVersion,
      });
    }
    if (batch.seq > client.last + 1) {
      return error(409, 'seq_gap', `expected seq ${client.last + 1}`, {
        expectedSeq: client.last + 1,
      });
    }
    const deltas: Delta[] = [...batch.deltas];
    if (batch.refs !== undefined) {
      const found = this.#resolve(client.shard, batch.refs);
      if (found.length < batch.refs.length || refCheck(found) !== batch.refCheck) {
        const unknownRefs = batch.refs.map((r) => r.ref);
        return error(409, 'unknown_arm_refs', 'unknown refs', { unknownRefs });
      }
      deltas.push(...found);
    }
    for (const d of deltas) {
      add(client.tallies, d.decision, d.context, d.arm, toMilli(d.s), toMilli(d.f));
    }
    shard.version += 1;
    client.last = batch.seq;
    client.versions.set(batch.seq, shard.version);
    if (this.autoPublish) this.publish();
    return json(200, {
      status: 'accepted',
      seq: batch.seq,
      shard: client.shard,
      shardVersion: shard.version,
    });
  }

  /** The refs' deltas with the arms the shard holds under their decision and context. */
  #resolve(shard: number, refs: NonNullable<ReceivedBatch['refs']>): Delta[] {
    const sources = [
      this.#shards[shard]!.crowd,
      ...[...this.#clients.values()].filter((c) => c.shard === shard).map((c) => c.tallies),
    ];
    const found: Delta[] = [];
    for (const { ref, ...delta } of refs) {
      const arms = sources.flatMap((t) => [
        ...(t.get(delta.decision)?.get(delta.context)?.keys() ?? []),
      ]);
      const arm = arms.find((a) => armRef(a) === ref);
      if (arm !== undefined) found.push({ ...delta, arm });
    }
    return found;
  }
}
