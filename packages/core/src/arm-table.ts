import type { CommunityStrength, PriorKappa } from './community-strength.ts';
import type { ResolvedDecision } from './decision.ts';
import { decayFactor, NO_EVIDENCE } from './evidence.ts';
import {
  type BetaParams,
  type Counts,
  communityPrior,
  fitDecisionPrior,
  type PriorSource,
} from './prior.ts';
import type { PosteriorLookup, PosteriorSlot } from './rank.ts';

/** Internal: one arm's own evidence and community prior, mutated in place. */
export interface ArmState {
  s: number;
  f: number;
  t: number;
  /** The crowd's totals net of this client's own included contribution. */
  cs: number;
  cf: number;
  community: BetaParams | null;
  /** How strong `community` is and why; null with it. */
  strength: CommunityStrength | null;
}

/**
 * Internal: the arms of one decision in one context. Answers posterior lookups without
 * allocating, and refits the decision-level prior only when evidence changed.
 */
export class ArmTable implements PosteriorLookup {
  readonly decision: ResolvedDecision;
  readonly arms = new Map<string, ArmState>();
  #now = 0;
  #fallback: BetaParams;
  #fallbackSource: PriorSource = 'base';
  #stale = true;

  constructor(decision: ResolvedDecision) {
    this.decision = decision;
    this.#fallback = decision.prior;
  }

  /** Sets the clock for the next lookups and refits the decision-level prior if needed. */
  prepare(now: number): void {
    this.#now = now;
    if (!this.#stale) return;
    this.#stale = false;
    const d = this.decision;
    if (d.decisionPriorStrength <= 0) return;
    this.#fallback = fitDecisionPrior(this.#counts(now), d.prior, {
      maxStrength: d.decisionPriorStrength,
      halfWeightArms: 5,
    });
    this.#fallbackSource = this.#fallback === d.prior ? 'base' : 'decision';
  }

  *#counts(now: number): Generator<Counts> {
    const h = this.decision.halfLifeMs;
    for (const a of this.arms.values()) {
      const k = decayFactor(now - a.t, h);
      yield { s: a.cs + a.s * k, f: a.cf + a.f * k };
    }
  }

  /** The prior an arm without community evidence gets. */
  get fallbackPrior(): { readonly params: BetaParams; readonly source: PriorSource } {
    return { params: this.#fallback, source: this.#fallbackSource };
  }

  posterior(arm: string, out: PosteriorSlot): void {
    const a = this.arms.get(arm);
    if (a === undefined) {
      out.alpha = this.#fallback.alpha;
      out.beta = this.#fallback.beta;
      out.source = this.#fallbackSource;
      out.community = null;
      return;
    }
    const k = a.t < this.#now ? decayFactor(this.#now - a.t, this.decision.halfLifeMs) : 1;
    const prior = a.community ?? this.#fallback;
    out.alpha = prior.alpha + a.s * k;
    out.beta = prior.beta + a.f * k;
    out.source = a.community !== null ? 'community' : this.#fallbackSource;
    out.community = a.strength;
  }

  #state(arm: string): ArmState {
    let a = this.arms.get(arm);
    if (a === undefined) {
      a = { s: 0, f: 0, t: 0, cs: 0, cf: 0, community: null, strength: null };
      this.arms.set(arm, a);
    }
    return a;
  }

  /** Adds own evidence at `now`, decaying what was there. */
  addOwn(arm: string, r: number, w: number, now: number): ArmState {
    const a = this.#state(arm);
    const k = decayFactor(now - a.t, this.decision.halfLifeMs);
    a.s = a.s * k + w * r;
    a.f = a.f * k + w * (1 - r);
    a.t = Math.max(a.t, now);
    this.#stale = true;
    return a;
  }

  /** Restores stored own evidence. */
  restoreOwn(arm: string, s: number, f: number, t: number): void {
    const a = this.#state(arm);
    a.s = s;
    a.f = f;
    a.t = t;
    this.#stale = true;
  }

  /**
   * Sets the crowd's totals for an arm, net of `own` (what this client contributed to them):
   * a prior of strength min(S + F, κ, maxPriorStrength) at the crowd's mean.
   */
  setCommunity(arm: string, total: Counts, own: Counts | undefined, kappa: PriorKappa): void {
    const a = this.#state(arm);
    const d = this.decision;
    a.cs = Math.max(0, total.s - (own?.s ?? 0));
    a.cf = Math.max(0, total.f - (own?.f ?? 0));
    const evidence = a.cs + a.cf;
    const uncapped = Math.min(evidence, kappa.value);
    const strength = Math.min(uncapped, d.maxPriorStrength);
    a.community = communityPrior(d.prior, { s: a.cs, f: a.cf }, NO_EVIDENCE, strength);
    a.strength = a.community && { strength, evidence, kappa, capped: strength < uncapped };
    this.#stale = true;
  }

  /** Forgets all community totals (before a new snapshot is applied). */
  clearCommunity(): void {
    for (const [arm, a] of this.arms) {
      if (a.s === 0 && a.f === 0) this.arms.delete(arm);
      else {
        a.cs = 0;
        a.cf = 0;
        a.community = null;
        a.strength = null;
      }
    }
    this.#stale = true;
  }
}
