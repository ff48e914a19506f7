// Internal: the host's status and the events it sends to the client.
import { releaseProxy } from 'comlink';
import type { HostEvent, HostListener, HostStatus } from './host-api.ts';

/**
 * Releases a comlink proxy (a listener or fetch bridge from the main thread), so the
 * MessagePort behind it closes: an open port keeps a Node process (SSR) alive.
 */
export function release(value: unknown): void {
  try {
    (value as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
  } catch {
    // Released already, or its port is gone.
  }
}

export class Reporter {
  #listener: HostListener;
  #status: HostStatus = {
    storage: 'memory',
    online: true,
    leader: false,
    pendingBatches: 0,
    lastAckedSeq: 0,
    priorsVersion: null,
  };

  constructor(listener: HostListener) {
    this.#listener = listener;
  }

  get status(): HostStatus {
    return this.#status;
  }

  /** Updates the status and tells the client (when something changed). */
  set(patch: Partial<HostStatus>): void {
    const next = { ...this.#status, ...patch };
    const changed = (Object.keys(patch) as (keyof HostStatus)[]).some(
      (key) => next[key] !== this.#status[key],
    );
    this.#status = next;
    if (changed) this.#send(null);
  }

  emit(event: HostEvent): void {
    this.#send(event);
  }

  /** Sends nothing more (the client is gone or the host was abandoned). */
  mute(): void {
    release(this.#listener);
    this.#listener = () => {};
  }

  #send(event: HostEvent | null): void {
    try {
      // Across a worker this is a comlink proxy returning a promise; a closed port rejects it.
      Promise.resolve(this.#listener(event, this.#status)).catch(() => undefined);
    } catch {
      // The listener is gone.
    }
  }
}
