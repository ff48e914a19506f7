// Internal: the main thread's link to the engine host. Every call has a timeout; when the
// worker crashes or stops answering, it is terminated and a new one (restoring from
// IndexedDB) takes the call once more. After two failures in a row the engine moves into
// this thread.

import type { Candidate } from '@crowdbandit/core';
import type { Endpoint } from 'comlink';
import type { ClientStatus } from './client-types.ts';
import type { HostApi, HostConfig, HostEvent, HostMethod, HostStatus } from './host/host-api.ts';
import type { HostPlatform } from './host/platform.ts';
import { connectHost, type HostPort } from './host-port.ts';
import { within } from './within.ts';

/** A timeout or crash of the host (not an error the host answered with). */
class HostFailure extends Error {}

/** What a call of a host method resolves with. */
type Answer<M extends HostMethod> = Awaited<ReturnType<HostApi[M]>>;

/** One host, from its start until it is stopped. */
interface Running {
  readonly mode: ClientStatus['mode'];
  /**
   * Resolves once the host is started and sent its init (and, after a restart, the catalogs
   * again): calls go out from then on and the host answers them once initialised, so a
   * catalog crosses to the worker while it is still opening IndexedDB.
   */
  connected: Promise<HostPort>;
  /** Whether the host answered its init; until then a call may also wait for the start. */
  initialised: boolean;
  port: HostPort | null;
  stopped: boolean;
  terminate(): void;
}

export interface ConnectionOptions {
  readonly config: HostConfig;
  readonly platform: HostPlatform;
  readonly worker: (() => Worker) | null;
  /** Catalogs to register again in a restarted host. */
  readonly catalogs: () => Iterable<[string, readonly Candidate[]]>;
  readonly onEvent: (event: HostEvent) => void;
}

/** Waits for `promise`, failing the host when it takes longer than `ms`. */
function hostWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return within(promise, ms, () => new HostFailure(`${what} within ${ms} ms`));
}

/** A host that failed to start, as a failure the connection recovers from. */
function asFailure(error: unknown): HostFailure {
  return error instanceof HostFailure
    ? error
    : new HostFailure(`the engine failed to start: ${String(error)}`);
}

export class HostConnection {
  readonly #options: ConnectionOptions;
  /** Whether a host was started before (a new one then gets the catalogs again). */
  #started = false;
  #running: Running;
  #failures = 0;
  #closed = false;
  #status: ClientStatus;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#running = this.#start(options.worker === null ? 'in-thread' : 'worker');
    this.#status = {
      mode: this.#running.mode,
      storage: options.config.storage,
      online: true,
      leader: false,
      pendingBatches: 0,
      lastAckedSeq: 0,
      priorsVersion: null,
    };
  }

  get status(): ClientStatus {
    return this.#status;
  }

  /** Calls the host; on a timeout or crash restarts it and calls once more. */
  async call<M extends HostMethod>(method: M, ...args: Parameters<HostApi[M]>): Promise<Answer<M>> {
    for (let attempt = 1; ; attempt++) {
      const running = this.#running;
      try {
        const result = await this.#attempt(running, method, args);
        this.#failures = 0;
        return result;
      } catch (error) {
        if (!(error instanceof HostFailure)) throw error;
        this.#recover(running, error.message);
        if (attempt === 2) {
          throw new Error(
            `the crowdbandit engine did not answer twice (${error.message}); it was restarted`,
          );
        }
      }
    }
  }

  /** One attempt, no recovery (for best-effort work such as the keepalive flush). */
  once<M extends HostMethod>(method: M, ...args: Parameters<HostApi[M]>): Promise<Answer<M>> {
    return this.#attempt(this.#running, method, args);
  }

  /** Lets the host save and stop, then ends it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const running = this.#running;
    try {
      await this.#attempt(running, 'close', []);
    } catch {
      // It is stopped below either way.
    }
    this.#closed = true;
    this.#stop(running);
  }

  async #attempt<M extends HostMethod>(
    running: Running,
    method: M,
    args: Parameters<HostApi[M]>,
  ): Promise<Answer<M>> {
    if (this.#closed) throw new Error('this crowdbandit client is closed');
    const { callTimeoutMs, openTimeoutMs } = this.#options.config;
    const starting = callTimeoutMs + openTimeoutMs;
    const host = await hostWithin(running.connected, starting, 'the engine did not start');
    const answer = host.call(method, ...args) as Promise<Answer<M>>;
    return running.initialised
      ? hostWithin(answer, callTimeoutMs, 'the engine did not answer')
      : hostWithin(answer, starting, 'the engine did not start or answer');
  }

  #recover(running: Running, reason: string): void {
    if (running !== this.#running || this.#closed) return;
    this.#failures += 1;
    this.#options.onEvent({
      type: 'error',
      payload: { source: 'worker', message: `${reason}; restarting it`, code: 'engine_restart' },
    });
    this.#stop(running);
    const mode = running.mode === 'worker' && this.#failures >= 2 ? 'in-thread' : running.mode;
    this.#running = this.#start(mode);
    this.#status = { ...this.#status, mode };
  }

  /** Ends a host: calls waiting on it fail, and so does every call after. */
  #stop(running: Running): void {
    running.stopped = true;
    running.port?.close(new HostFailure('the engine was stopped'));
    running.terminate();
  }

  #start(mode: ClientStatus['mode']): Running {
    // `connected` follows at once: booting needs the object itself.
    const running = {
      mode,
      initialised: false,
      port: null,
      stopped: false,
      terminate() {},
    } as unknown as Running;
    const restart = this.#started;
    this.#started = true;
    running.connected = Promise.resolve()
      .then(() => this.#boot(running, restart))
      .catch((error: unknown) => {
        throw asFailure(error);
      });
    running.connected.catch(() => undefined);
    return running;
  }

  async #boot(running: Running, restart: boolean): Promise<HostPort> {
    const o = this.#options;
    const { mode } = running;
    let endpoint: Endpoint;
    if (mode === 'worker') {
      const worker = o.worker!();
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault?.();
        const failure = new HostFailure(`the worker failed: ${event.message || 'unknown error'}`);
        // Calls waiting on this worker fail at once, with the reason.
        running.port?.close(failure);
        this.#recover(running, failure.message);
      });
      running.terminate = () => worker.terminate();
      endpoint = worker;
    } else {
      const inThread = await import('./in-thread-host.ts');
      const handle = inThread.startInThreadHost(o.platform);
      running.terminate = () => handle.terminate();
      endpoint = handle.endpoint;
    }
    if (running.stopped) {
      running.terminate();
      throw new HostFailure('the engine was stopped');
    }
    let reported = false;
    const onReport = (event: HostEvent | null, status: HostStatus) => {
      if (this.#running !== running) return;
      reported = true;
      this.#status = { ...status, mode };
      if (event !== null) o.onEvent(event);
    };
    // The app's fetch stays here; the host's requests come back through the port.
    const host = connectHost(endpoint, onReport, o.platform.fetch);
    running.port = host;
    host.init(o.config).then(
      (status) => {
        running.initialised = true;
        // Reports come through a port of their own, so one sent after this answer may be
        // here first: each carries the whole status, and the latest report is the one to keep.
        if (this.#running === running && !reported) this.#status = { ...status, mode };
      },
      // Calls sent meanwhile fail with it, and are retried on a new host.
      (error: unknown) => host.close(asFailure(error)),
    );
    if (restart) {
      // Sent before any call that follows, so the new host knows them when it answers those.
      for (const [name, candidates] of o.catalogs()) {
        host.call('setCatalog', name, candidates).catch(() => undefined);
      }
    }
    return host;
  }
}
