import { armKey } from './arm-key.ts';
import type { Delta } from './engine-types.ts';

interface MutableDelta {
  decision: string;
  context: string;
  arm: string;
  s: number;
  f: number;
  n: number;
}

/**
 * The engine's two running sums of count increments per arm key: `pending` (not yet sent to
 * the edge) and `unsaved` (not yet persisted). Each add lands in both; the sync loop takes
 * the first, the storage layer drains the second.
 */
export class DeltaLedger {
  readonly #pending = new Map<string, MutableDelta>();
  readonly #unsaved = new Map<string, MutableDelta>();
  readonly #keepPending: boolean;

  /** `keepPending: false` for an engine that never syncs: only `unsaved` is kept. */
  constructor(keepPending: boolean) {
    this.#keepPending = keepPending;
  }

  add(decision: string, context: string, arm: string, s: number, f: number, n: number): void {
    const key = armKey(decision, context, arm);
    for (const map of this.#keepPending ? [this.#pending, this.#unsaved] : [this.#unsaved]) {
      const entry = map.get(key);
      if (entry === undefined) map.set(key, { decision, context, arm, s, f, n });
      else {
        entry.s += s;
        entry.f += f;
        entry.n += n;
      }
    }
  }

  /** Copies of the increments not yet sent. */
  pending(): Delta[] {
    return [...this.#pending.values()].map((p) => ({ ...p }));
  }

  /** The increments not yet sent, which are then forgotten. */
  takePending(): Delta[] {
    const out = this.pending();
    this.#pending.clear();
    return out;
  }

  /** The increments since the last drain not yet persisted, for one arm key. */
  unsavedOf(key: string): { readonly s: number; readonly f: number } | undefined {
    return this.#unsaved.get(key);
  }

  /** The increments not yet persisted, which are then forgotten. */
  drainUnsaved(): Delta[] {
    const out = [...this.#unsaved.values()].map((d) => ({ ...d }));
    this.#unsaved.clear();
    return out;
  }
}
