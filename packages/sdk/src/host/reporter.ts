// Internal: the host's status and the events it sends to the client.
import type { HostEvent, HostListener, HostStatus } from './host-api.ts';

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
    this.#listener = () => {};
  }

  #send(event: HostEvent | null): void {
    try {
      this.#listener(event, this.#status);
    } catch {
      // Reporting must never break the host's work.
    }
  }
}
