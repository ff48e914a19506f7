// Internal: the leader keeps community priors fresh: a conditional GET at start and every
// poll interval, and at once when the WebSocket announces a version it has not seen.
import {
  decodePriorsAnnouncement,
  decodePriorsSnapshot,
  type PriorsSnapshot,
} from '@crowdbandit/protocol/client';
import type { ErrorReport } from '../client-types.ts';
import { within } from '../within.ts';
import { type RetryPolicy, retryDelay } from './backoff.ts';
import { KEY_HEADER, priorsSocketUrl, priorsUrl } from './edge-urls.ts';
import { parseJson } from './parse-json.ts';
import { singleFlight } from './single-flight.ts';

export interface PriorsSyncDeps {
  readonly endpoint: string;
  readonly appId: string;
  readonly publishableKey: string;
  readonly fetch: typeof fetch;
  /** Null: no WebSocket subscription, polling only. */
  readonly webSocket: ((url: string) => WebSocket) | null;
  readonly pollMs: number;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly requestTimeoutMs: number;
  /** The version and ETag of the snapshot in use. */
  readonly current: () => { readonly version: number | null; readonly etag: string | null };
  readonly apply: (snapshot: PriorsSnapshot, etag: string | null) => Promise<void>;
  readonly onError: (report: ErrorReport) => void;
  readonly onOnline: (online: boolean) => void;
  /** The socket (re)connected: announcements may have been missed. */
  readonly onConnected?: () => void;
  /** A message on the socket that is no priors announcement (the caller ignores what it does not know). */
  readonly onMessage?: (message: unknown) => void;
}

export class PriorsSync {
  readonly #deps: PriorsSyncDeps;
  #running = false;
  #poll: ReturnType<typeof setInterval> | undefined;
  #reconnect: ReturnType<typeof setTimeout> | undefined;
  #socket: WebSocket | null = null;
  #socketAttempt = 0;
  readonly #refresh = singleFlight(
    () => this.#fetch(),
    () => this.#running,
  );

  constructor(deps: PriorsSyncDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#poll = setInterval(() => void this.refresh(), this.#deps.pollMs);
    void this.refresh();
    this.#connect();
  }

  stop(): void {
    this.#running = false;
    clearInterval(this.#poll);
    clearTimeout(this.#reconnect);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  /**
   * Fetches the snapshot unless it is unchanged (304). One request at a time; asked again
   * meanwhile (an announcement arrived), it fetches once more after the current one.
   */
  refresh(): Promise<void> {
    return this.#refresh();
  }

  async #fetch(): Promise<void> {
    const d = this.#deps;
    const headers: Record<string, string> = { [KEY_HEADER]: d.publishableKey };
    const { etag } = d.current();
    if (etag !== null) headers['if-none-match'] = etag;
    try {
      const attempt = (async () => {
        const response = await d.fetch(priorsUrl(d.endpoint, d.appId), { headers });
        return { response, text: await response.text() };
      })();
      const { response, text } = await within(
        attempt,
        d.requestTimeoutMs,
        () => new Error(`no answer within ${d.requestTimeoutMs} ms`),
      );
      d.onOnline(true);
      if (response.status === 304) return;
      if (response.status !== 200) {
        d.onError({
          source: 'edge',
          code: `http_${response.status}`,
          message: `fetching priors failed with HTTP ${response.status}`,
        });
        return;
      }
      const decoded = decodePriorsSnapshot(parseJson(text));
      if (!decoded.ok) {
        d.onError({
          source: 'edge',
          code: 'bad_priors',
          message: `priors: ${decoded.error.message}`,
        });
        return;
      }
      if (decoded.value.version === d.current().version) return;
      await d.apply(decoded.value, response.headers.get('etag'));
    } catch (error) {
      d.onOnline(false);
      d.onError({ source: 'network', message: `fetching priors failed: ${String(error)}` });
    }
  }

  #connect(): void {
    const d = this.#deps;
    if (!this.#running || d.webSocket === null) return;
    let socket: WebSocket;
    try {
      socket = d.webSocket(priorsSocketUrl(d.endpoint, d.appId, d.publishableKey));
    } catch (error) {
      d.onError({ source: 'network', message: `priors WebSocket: ${String(error)}` });
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      this.#socketAttempt = 0;
      // Announcements may have been missed while disconnected.
      void this.refresh();
      d.onConnected?.();
    });
    socket.addEventListener('message', (event) => {
      const message = parseJson(String(event.data));
      const announced = decodePriorsAnnouncement(message);
      if (!announced.ok) d.onMessage?.(message);
      else if (announced.value.version !== d.current().version) void this.refresh();
    });
    socket.addEventListener('close', () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    if (!this.#running) return;
    const delay = retryDelay(this.#socketAttempt, this.#deps.retry, this.#deps.random);
    this.#socketAttempt += 1;
    this.#reconnect = setTimeout(() => this.#connect(), delay);
  }
}
