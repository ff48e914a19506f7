// Internal: the client's event listeners.
import type { ClientEvents } from './client-types.ts';

type Listener = (payload: never) => void;

export class Emitter {
  readonly #listeners = new Map<keyof ClientEvents, Set<Listener>>();

  on<E extends keyof ClientEvents>(
    event: E,
    listener: (payload: ClientEvents[E]) => void,
  ): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  }

  emit<E extends keyof ClientEvents>(event: E, payload: ClientEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (payload: ClientEvents[E]) => void)(payload);
      } catch (error) {
        // A throwing listener must not stop the others, nor the SDK.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
