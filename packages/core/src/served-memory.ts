/** How an item was served: what its feedback needs to land in the right place. */
export interface Served {
  readonly contextKey: string;
  readonly features: readonly string[] | undefined;
  readonly embedding: ArrayLike<number> | undefined;
}

/**
 * The context and features of the items served last, per decision, so that `feedback` can
 * credit the context the item was shown in and boost the session by its features. Keeps the
 * most recent `limit` arms per decision.
 */
export class ServedMemory {
  readonly #byDecision = new Map<string, Map<string, Served>>();
  readonly #limit: number;

  constructor(limit = 5000) {
    this.#limit = limit;
  }

  remember(decision: string, arm: string, entry: Served): void {
    let byArm = this.#byDecision.get(decision);
    if (byArm === undefined) {
      byArm = new Map();
      this.#byDecision.set(decision, byArm);
    }
    byArm.delete(arm);
    byArm.set(arm, entry);
    if (byArm.size > this.#limit) byArm.delete(byArm.keys().next().value!);
  }

  get(decision: string, arm: string): Served | undefined {
    return this.#byDecision.get(decision)?.get(arm);
  }
}
