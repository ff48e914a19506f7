// Internal: the leader keeps the experiment definitions fresh, as it does the priors: a
// conditional GET as it starts, every poll interval, when the priors socket (re)connects
// and when it announces a version not stored yet.
import { decodeExperimentsSnapshot, type ExperimentsSnapshot } from '@crowdbandit/protocol/client';
import type { ErrorReport } from '../client-types.ts';
import { within } from '../within.ts';
import { experimentsUrl, KEY_HEADER } from './edge-urls.ts';
import { parseJson } from './parse-json.ts';
import { singleFlight } from './single-flight.ts';

export interface ExperimentsSyncDeps {
  readonly endpoint: string;
  readonly appId: string;
  readonly publishableKey: string;
  readonly fetch: typeof fetch;
  readonly pollMs: number;
  readonly requestTimeoutMs: number;
  /** The version and ETag of the stored snapshot (null before the first). */
  readonly current: () => Promise<{
    readonly version: number;
    readonly etag: string | null;
  } | null>;
  readonly apply: (snapshot: ExperimentsSnapshot, etag: string | null) => Promise<void>;
  readonly onError: (report: ErrorReport) => void;
}

export class ExperimentsSync {
  readonly #deps: ExperimentsSyncDeps;
  #poll: ReturnType<typeof setInterval> | undefined;
  #running = false;
  readonly #refresh = singleFlight(
    () => this.#fetch(),
    () => this.#running,
  );
  /** An edge without the route answers 404: said once, not at every poll. */
  #missingSaid = false;

  constructor(deps: ExperimentsSyncDeps) {
    this.#deps = deps;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#poll = setInterval(() => void this.refresh(), this.#deps.pollMs);
    void this.refresh();
  }

  stop(): void {
    this.#running = false;
    clearInterval(this.#poll);
  }

  /** An announcement of `version`: fetches unless that version is stored. */
  async announced(version: number): Promise<void> {
    if ((await this.#current())?.version !== version) await this.refresh();
  }

  /** Fetches the snapshot unless unchanged (304); one request at a time, as PriorsSync. */
  refresh(): Promise<void> {
    return this.#refresh();
  }

  async #current() {
    try {
      return await this.#deps.current();
    } catch {
      return null;
    }
  }

  async #fetch(): Promise<void> {
    const d = this.#deps;
    const headers: Record<string, string> = { [KEY_HEADER]: d.publishableKey };
    const current = await this.#current();
    if (current?.etag != null) headers['if-none-match'] = current.etag;
    try {
      const attempt = (async () => {
        const response = await d.fetch(experimentsUrl(d.endpoint, d.appId), { headers });
        return { response, text: await response.text() };
      })();
      const { response, text } = await within(
        attempt,
        d.requestTimeoutMs,
        () => new Error(`no answer within ${d.requestTimeoutMs} ms`),
      );
      if (response.status === 304) return;
      if (response.status !== 200) {
        if (response.status === 404 && this.#missingSaid) return;
        this.#missingSaid ||= response.status === 404;
        d.onError({
          source: 'edge',
          code: `http_${response.status}`,
          message: `fetching experiments failed with HTTP ${response.status}`,
        });
        return;
      }
      const decoded = decodeExperimentsSnapshot(parseJson(text));
      if (!decoded.ok) {
        d.onError({
          source: 'edge',
          code: 'bad_experiments',
          message: `experiments: ${decoded.error.message}; the stored ones stay in use`,
        });
        return;
      }
      if (decoded.value.version === current?.version) return;
      await d.apply(decoded.value, response.headers.get('etag'));
    } catch (error) {
      d.onError({ source: 'network', message: `fetching experiments failed: ${String(error)}` });
    }
  }
}
