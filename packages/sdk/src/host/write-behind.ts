// Internal: evidence reaches IndexedDB shortly after it changes (debounced, one transaction
// per write), never on the path of a decision.
import { armKey, type Engine, type EngineChanges } from '@crowdbandit/core';
import { type HalfLifeOf, writeChanges } from '../storage/evidence-ops.ts';
import type { Store } from '../storage/store.ts';

export interface WriteBehindDeps {
  readonly delayMs: number;
  readonly engine: () => Engine;
  readonly store: () => Store;
  readonly halfLifeOf: HalfLifeOf;
  /** Keep `pending` increments for the edge (false in local-only mode). */
  readonly trackPending: boolean;
  /** After a write: these arm keys changed in the shared store. */
  readonly onWritten: (keys: string[]) => void;
  /** The write failed; `changes` were drained from the engine and are not stored yet. */
  readonly onFailed: (error: unknown, changes: EngineChanges) => Promise<void>;
}

export class WriteBehind {
  readonly #deps: WriteBehindDeps;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #dirty = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(deps: WriteBehindDeps) {
    this.#deps = deps;
  }

  /** Something changed: write within `delayMs`. */
  schedule(): void {
    this.#dirty = true;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, this.#deps.delayMs);
  }

  /** Writes now what is unsaved; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chain = this.#chain.then(() => this.#write()).catch(() => undefined);
    return this.#chain;
  }

  /** Forgets unsaved changes and stops the timer (clear, crash). */
  discard(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dirty = false;
  }

  async #write(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const d = this.#deps;
    const engine = d.engine();
    const changes = engine.drainChanges();
    try {
      const records = await writeChanges(d.store(), changes, d.halfLifeOf, d.trackPending);
      // Adopt the stored totals, which include what other tabs added meanwhile.
      if (d.engine() === engine && records.length > 0) engine.loadEvidence(records);
      d.onWritten(changes.evidence.map((e) => armKey(e.decision, e.context, e.arm)));
    } catch (error) {
      await d.onFailed(error, changes);
    }
  }
}
