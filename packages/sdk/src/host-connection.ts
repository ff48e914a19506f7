// Internal: the main thread's link to the engine host. Every call has a timeout; when the
// worker crashes or stops answering, it is terminated and a new one (restoring from
// IndexedDB) takes the call once more. After two failures in a row the engine moves into
// this thread.

import type { Candidate } from '@crowdbandit/core';
import { type Endpoint, proxy, releaseProxy, wrap } from 'comlink';
import type { ClientOptions } from './client-options.ts';
import type { ClientStatus } from './client-types.ts';
import { serveFetch } from './fetch-bridge.ts';
import type { HostApi, HostConfig, HostEvent, HostStatus } from './host/host-api.ts';
import type { HostPlatform } from './host/platform.ts';

/** A timeout or crash of the host (not an error the host answered with). */
class HostFailure extends Error {}

/** The host as seen through comlink: HostApi's methods are already async. */
type HostRemote = HostApi & { [releaseProxy](): void };

/** What stopping a host needs. */
interface Life {
  stopped: boolean;
  terminate: () => void;
  remote: HostRemote | null;
}

interface Running {
  readonly mode: ClientStatus['mode'];
  /**
   * Resolves once the host is initialised (and catalogs are registered again). The proxy is
   * boxed: a promise resolved with a comlink proxy reads its `then`, which throws once the
   * proxy is released.
   */
  readonly ready: Promise<{ readonly host: HostRemote }>;
  /** Rejects when the host crashes. */
  readonly crashed: Promise<never>;
  readonly stopped: boolean;
  stop(): void;
}

export interface ConnectionOptions {
  readonly config: HostConfig;
  readonly platform: HostPlatform;
  readonly fetch: ClientOptions['fetch'];
  readonly callTimeoutMs: number;
  readonly worker: (() => Worker) | null;
  /** Catalogs to register again in a restarted host. */
  readonly catalogs: () => Iterable<[string, readonly Candidate[]]>;
  readonly onEvent: (event: HostEvent) => void;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HostFailure(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class HostConnection {
  readonly #options: ConnectionOptions;
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
  async call<T>(fn: (host: HostRemote) => Promise<T>): Promise<T> {
    const running = this.#running;
    try {
      const result = await this.#attempt(running, fn);
      this.#failures = 0;
      return result;
    } catch (error) {
      if (!(error instanceof HostFailure)) throw error;
      this.#recover(running, error.message);
    }
    const retry = this.#running;
    try {
      const result = await this.#attempt(retry, fn);
      this.#failures = 0;
      return result;
    } catch (error) {
      if (!(error instanceof HostFailure)) throw error;
      this.#recover(retry, error.message);
      throw new Error(
        `the crowdbandit engine did not answer twice (${error.message}); it was restarted`,
      );
    }
  }

  /** One attempt, no recovery (for best-effort work such as the keepalive flush). */
  once<T>(fn: (host: HostRemote) => Promise<T>): Promise<T> {
    return this.#attempt(this.#running, fn);
  }

  /** Lets the host save and stop, then ends it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const running = this.#running;
    try {
      await this.#attempt(running, (host) => host.close());
    } catch {
      // It is stopped below either way.
    }
    this.#closed = true;
    running.stop();
  }

  async #attempt<T>(running: Running, fn: (host: HostRemote) => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('this crowdbandit client is closed');
    const { callTimeoutMs, config } = this.#options;
    const { host } = await within(
      Promise.race([running.ready, running.crashed]),
      callTimeoutMs + config.openTimeoutMs,
      'the engine did not start',
    );
    try {
      if (running.stopped) throw new HostFailure('the engine was stopped');
      return await within(
        Promise.race([fn(host), running.crashed]),
        callTimeoutMs,
        'the engine did not answer',
      );
    } catch (error) {
      // A call on a host stopped meanwhile fails however it fails (comlink: "Proxy has been
      // released"); it is a host failure, not an answer.
      if (running.stopped && !(error instanceof HostFailure)) {
        throw new HostFailure('the engine was stopped');
      }
      throw error;
    }
  }

  #recover(running: Running, reason: string): void {
    if (running !== this.#running || this.#closed) return;
    this.#failures += 1;
    this.#options.onEvent({
      type: 'error',
      payload: { source: 'worker', message: `${reason}; restarting it`, code: 'engine_restart' },
    });
    running.stop();
    const mode = running.mode === 'worker' && this.#failures >= 2 ? 'in-thread' : running.mode;
    this.#running = this.#start(mode);
    this.#status = { ...this.#status, mode };
  }

  #start(mode: ClientStatus['mode']): Running {
    let crash: (error: Error) => void = () => {};
    const crashed = new Promise<never>((_, reject) => {
      crash = reject;
    });
    crashed.catch(() => undefined);
    const life: Life = { stopped: false, terminate: () => {}, remote: null };
    const running: Running = {
      mode,
      crashed,
      get stopped() {
        return life.stopped;
      },
      ready: Promise.resolve()
        .then(() => this.#boot(running, life, crash))
        .catch((error: unknown) => {
          throw error instanceof HostFailure
            ? error
            : new HostFailure(`the engine failed to start: ${String(error)}`);
        }),
      stop() {
        life.stopped = true;
        crash(new HostFailure('the engine was stopped'));
        life.remote?.[releaseProxy]();
        life.terminate();
      },
    };
    running.ready.catch(() => undefined);
    return running;
  }

  async #boot(
    running: Running,
    life: Life,
    crash: (error: Error) => void,
  ): Promise<{ readonly host: HostRemote }> {
    const o = this.#options;
    const { mode } = running;
    let endpoint: Endpoint;
    if (mode === 'worker') {
      const worker = o.worker!();
      worker.addEventListener('error', (event: ErrorEvent) => {
        event.preventDefault?.();
        const failure = new HostFailure(`the worker failed: ${event.message || 'unknown error'}`);
        crash(failure);
        this.#recover(running, failure.message);
      });
      life.terminate = () => worker.terminate();
      endpoint = worker;
    } else {
      const { startInThreadHost } = await import('./in-thread-host.ts');
      const handle = startInThreadHost(o.platform);
      life.terminate = () => handle.terminate();
      endpoint = handle.endpoint;
    }
    if (life.stopped) {
      life.terminate();
      throw new HostFailure('the engine was stopped');
    }
    const remote = wrap<HostApi>(endpoint) as unknown as HostRemote;
    life.remote = remote;
    const listener = proxy((event: HostEvent | null, status: HostStatus) => {
      if (this.#running !== running) return;
      this.#status = { ...status, mode };
      if (event !== null) o.onEvent(event);
    });
    // The app's fetch stays here; the worker's requests come back through this bridge.
    const bridge = mode === 'worker' && o.fetch ? proxy(serveFetch(o.fetch)) : undefined;
    const status = await remote.init(o.config, listener, bridge);
    if (this.#running === running) this.#status = { ...status, mode };
    for (const [name, candidates] of o.catalogs()) await remote.setCatalog(name, candidates);
    return { host: remote };
  }
}
