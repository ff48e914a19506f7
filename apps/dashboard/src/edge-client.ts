import type { Session } from './session.ts';

/**
 * Why a request to the edge failed, as a value (never thrown): `unauthorized` (401/403: the
 * token is wrong), `not-found` (404: the route or the thing is not on this edge),
 * `unreachable` (no answer the browser could read: the edge is down, or CORS hid the answer),
 * `http` (any other failing status), `invalid` (a 2xx body that does not decode).
 */
export type EdgeFailure =
  | { readonly kind: 'unauthorized'; readonly status: number; readonly message: string }
  | { readonly kind: 'not-found'; readonly status: 404; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'http'; readonly status: number; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** The answer to one request: a decoded value with the ETag it came with, or a failure. */
export type Reply<T> =
  | { readonly ok: true; readonly value: T; readonly etag: string | null }
  | { readonly ok: false; readonly failure: EdgeFailure };

/** Checks a parsed JSON body; returns the value or says what is wrong with it. */
export type Decode<T> = (body: unknown) => { ok: true; value: T } | { ok: false; message: string };

/** What a request needs besides its path. */
export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH';
  readonly body?: unknown;
  /** An ETag held: an unchanged resource answers 304, given back as the value `null`. */
  readonly ifNoneMatch?: string | null;
}

/** Platform seams of {@link EdgeClient}. */
export interface EdgeClientOptions {
  readonly fetch?: typeof fetch;
  /** Called on every 401/403 to an admin request, after the reply is made. */
  readonly onUnauthorized?: (failure: EdgeFailure) => void;
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as {
    error?: { code?: unknown; message?: unknown };
  } | null;
  const message = body?.error?.message;
  return typeof message === 'string' && message !== ''
    ? message
    : `${res.status} ${res.statusText}`.trim();
}

function failureOf(status: number, message: string): EdgeFailure {
  if (status === 401 || status === 403) return { kind: 'unauthorized', status, message };
  if (status === 404) return { kind: 'not-found', status, message };
  return { kind: 'http', status, message };
}

/**
 * The edge's HTTP API for one session: admin routes carry the token in the `Authorization`
 * header (never in the URL), public ones the publishable key in `x-crowdbandit-key`.
 *
 * @example
 * const edge = new EdgeClient(session, { onUnauthorized: () => signOut('token refused') });
 * const reply = await edge.admin('/stats', decodeStats);
 * if (reply.ok) draw(reply.value);
 */
export class EdgeClient {
  readonly session: Session;
  readonly #fetch: typeof fetch;
  readonly #onUnauthorized: (failure: EdgeFailure) => void;

  constructor(session: Session, options: EdgeClientOptions = {}) {
    this.session = session;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#onUnauthorized = options.onUnauthorized ?? (() => {});
  }

  /** `/v1/apps/:app` of this session's app, joined with `path`. */
  url(path: string): string {
    return `${this.session.edgeUrl}/v1/apps/${encodeURIComponent(this.session.app)}${path}`;
  }

  /** A request with the admin token. A 401/403 also calls `onUnauthorized`. */
  async admin<T>(path: string, decode: Decode<T>, options: RequestOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.session.token}` };
    const reply = await this.#send(path, decode, options, headers);
    if (!reply.ok && reply.failure.kind === 'unauthorized') this.#onUnauthorized(reply.failure);
    return reply;
  }

  /** A request with the publishable key. */
  keyed<T>(path: string, decode: Decode<T>, options: RequestOptions = {}): Promise<Reply<T>> {
    return this.#send(path, decode, options, { 'x-crowdbandit-key': this.session.publishableKey });
  }

  /** A GET with the publishable key and `If-None-Match`: `null` when unchanged (304). */
  conditional<T>(path: string, decode: Decode<T>, etag: string | null): Promise<Reply<T | null>> {
    return this.#send<T | null>(
      path,
      decode,
      { ifNoneMatch: etag },
      {
        'x-crowdbandit-key': this.session.publishableKey,
      },
    );
  }

  async #send<T>(
    path: string,
    decode: Decode<T>,
    options: RequestOptions,
    headers: Record<string, string>,
  ): Promise<Reply<T>> {
    const init: RequestInit = { method: options.method ?? 'GET', headers, cache: 'no-store' };
    if (options.ifNoneMatch) headers['if-none-match'] = options.ifNoneMatch;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let res: Response;
    try {
      res = await this.#fetch(this.url(path), init);
    } catch (error) {
      return {
        ok: false,
        failure: { kind: 'unreachable', message: (error as Error).message || 'no answer' },
      };
    }
    if (res.status === 304)
      return { ok: true, value: null as T, etag: options.ifNoneMatch ?? null };
    if (!res.ok) return { ok: false, failure: failureOf(res.status, await errorMessage(res)) };
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return { ok: false, failure: { kind: 'invalid', message: `${path}: the body is not JSON` } };
    }
    const decoded = decode(body);
    if (!decoded.ok) {
      return { ok: false, failure: { kind: 'invalid', message: `${path}: ${decoded.message}` } };
    }
    return { ok: true, value: decoded.value, etag: res.headers.get('etag') };
  }
}

/** A {@link Decode} from a zod (mini) schema's `safeParse`. */
export function decodeBy<T>(schema: {
  safeParse(body: unknown): {
    success: boolean;
    data?: T;
    error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
  };
}): Decode<T> {
  return (body) => {
    const result = schema.safeParse(body);
    if (result.success) return { ok: true, value: result.data as T };
    const issue = result.error?.issues[0];
    return {
      ok: false,
      message: issue
        ? `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`
        : 'invalid',
    };
  };
}

/** Words for a failure, for people. */
export function describeFailure(failure: EdgeFailure): string {
  switch (failure.kind) {
    case 'unauthorized':
      return `the edge refused the admin token (${failure.status}: ${failure.message})`;
    case 'unreachable':
      return `no answer from the edge (${failure.message})`;
    case 'not-found':
      return `not found (${failure.message})`;
    case 'http':
      return `${failure.status}: ${failure.message}`;
    case 'invalid':
      return `unexpected answer: ${failure.message}`;
  }
}
