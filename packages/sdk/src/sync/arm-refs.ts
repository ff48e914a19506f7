// Internal: which arms a batch may name by ref (format version 3) instead of spelling them.
import { armRef, type KnownArms } from '@crowdbandit/protocol/client';

/** The arms of a priors snapshot, by decision and context (the edge published them). */
export type PriorArms = Readonly<Record<string, Readonly<Record<string, Readonly<object>>>>>;

/**
 * The arms of the community priors in use are known to the edge, which published them; those
 * whose ref the edge could not resolve (its shard for this client has no totals for them, or
 * two arms share the ref) are spelled out from then on.
 *
 * @example
 * const refs = new ArmRefs(() => local.priorArms);
 * encodeBatch(batch, refs.known());
 * // on 409 unknown_arm_refs: refs.refuse(error.unknownRefs), then send the batch again
 */
export class ArmRefs {
  readonly #priors: () => PriorArms | null;
  readonly #unknown = new Set<number>();
  #stopped = false;

  constructor(priors: () => PriorArms | null) {
    this.#priors = priors;
  }

  /** What the next batch may send by ref; undefined: nothing (no priors yet). */
  known(): KnownArms | undefined {
    const priors = this.#priors();
    if (priors === null || this.#stopped) return undefined;
    return (decision, context, arm) =>
      Object.hasOwn(priors[decision]?.[context] ?? {}, arm) && !this.#unknown.has(armRef(arm));
  }

  /** For an edge that cannot read refs at all (older than format 3): none from now on. */
  stop(): void {
    this.#stopped = true;
  }

  /** Refs the edge could not resolve: those arms are spelled out from now on. */
  refuse(refs: readonly number[]): void {
    for (const ref of refs) this.#unknown.add(ref);
  }
}
