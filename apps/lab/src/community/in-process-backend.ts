import {
  addDispersion,
  boundedContribution,
  communityPrior,
  createRng,
  type DispersionSums,
  NO_DISPERSION,
  UNIFORM_PRIOR,
} from '@crowdbandit/core';
import { createThompson, type ThompsonPolicy } from '../policies/thompson.ts';
import type { CommunityBackend, CommunityLearner } from './backend.ts';
import {
  boundedTotals,
  EDGE_DEFAULTS,
  type EdgeKappaOptions,
  kappaTerm,
  type PublishedKappa,
  publishKappa,
} from './edge-merge.ts';

/**
 * How the crowd's evidence becomes a user's prior: the edge's merge and the SDK's blending.
 * Plain data, so that it crosses to a worker thread.
 */
export interface CrowdMerge {
  /**
   * The decision's `maxPriorStrength`, a ceiling on the community prior's strength n in
   * alpha0 = 1 + m·n, beta0 = 1 + (1 − m)·n (Infinity: none). `null`: users learn alone
   * from Beta(1, 1) and nothing is shared.
   */
  readonly maxPriorStrength: number | null;
  /**
   * W: each user's cumulative (s, f) on an item counts in the crowd's totals scaled down to
   * s + f ≤ W, and a user subtracts their own contribution scaled the same way. Default:
   * the edge's ({@link EDGE_DEFAULTS}); Infinity: unbounded, as the edge before wave 2.
   */
  readonly maxWeightPerClient?: number;
  /**
   * κ as the edge estimates it from the users' per-item sums; the prior's strength is then
   * min(S + F, κ of the item or of the decision, maxPriorStrength). Default: the edge's
   * options. `null`: no κ, strength min(S + F, maxPriorStrength), the fixed cap before wave 2.
   */
  readonly kappa?: EdgeKappaOptions | null;
}

/**
 * The merge before wave 2: unbounded totals and a fixed cap on the prior's strength,
 * min(S + F, cap); `null`: alone.
 *
 * @example
 * createInProcessBackend({ items: 34, seed: 1, ...fixedCap(3000) });
 */
export function fixedCap(cap: number | null): CrowdMerge {
  return { maxPriorStrength: cap, maxWeightPerClient: Number.POSITIVE_INFINITY, kappa: null };
}

/** Options of {@link createInProcessBackend}. */
export interface InProcessOptions extends CrowdMerge {
  readonly items: number;
  /** Seeds the users' Thompson draws (user u draws from seed·1e6 + u). */
  readonly seed: number;
}

/** The in-process backend, which also lets a test or a report read what it published. */
export interface InProcessBackend extends CommunityBackend {
  /** The Beta prior per item that user `user` (by join order) currently has. */
  priorsOf(user: number): { readonly alpha: Float64Array; readonly beta: Float64Array };
  /** The crowd's totals per item in the latest snapshot, as published (bounded, rounded). */
  totals(): { readonly s: Float64Array; readonly f: Float64Array };
  /** The κ published at every refresh so far, oldest first; empty unless κ is estimated. */
  kappaHistory(): readonly PublishedKappa[];
}

interface Member {
  readonly policy: ThompsonPolicy;
  active: boolean;
}

/**
 * Users learning with core's Thompson sampling, the edge's merge simulated in process as
 * the edge does it (the decision is one `choose` over the items, context ''):
 *
 * - the crowd's totals per item sum every user's cumulative counts (those who left
 *   included: the edge keeps their contribution), each scaled to s + f ≤ W with core's
 *   boundedContribution, rounded to thousandths;
 * - κ comes from core's decisionKappa over the users' per-item sums (core's clientTerm of a
 *   user's successes out of their s + f, scaled to at most `kappa.maxClientWeight`),
 *   rounded to thousandths; an item's own κ replaces the decision's where it differs;
 * - each active user's prior per item is core's `communityPrior(Beta(1, 1), totals, own,
 *   min(κ, maxPriorStrength))` with `own` the user's bounded contribution to that snapshot,
 *   so nobody's feedback counts twice.
 *
 * Between refreshes a user's posterior is that prior plus their own counts, as in the
 * engine.
 *
 * @example
 * const crowd = createInProcessBackend({ items: 34, maxPriorStrength: Infinity, seed: 1 });
 * const learner = crowd.join(0);
 * learner.feedback(learner.choose(), 0);
 * crowd.refresh();
 */
export function createInProcessBackend(options: InProcessOptions): InProcessBackend {
  const { items, maxPriorStrength } = options;
  const maxWeight = options.maxWeightPerClient ?? EDGE_DEFAULTS.maxWeightPerClient;
  const kappa = options.kappa === undefined ? EDGE_DEFAULTS.kappa : options.kappa;
  const alone = maxPriorStrength === null;
  const ceiling = maxPriorStrength ?? Number.POSITIVE_INFINITY;
  const members: Member[] = [];
  const totalS = new Float64Array(items);
  const totalF = new Float64Array(items);
  const strength = new Float64Array(items).fill(ceiling);
  const history: PublishedKappa[] = [];
  let published = false;

  const applyPriors = (member: Member) => {
    const { policy } = member;
    for (let i = 0; i < items; i++) {
      const own = boundedContribution(
        { s: policy.successes[i]!, f: policy.failures[i]! },
        maxWeight,
      );
      const prior =
        communityPrior(UNIFORM_PRIOR, { s: totalS[i]!, f: totalF[i]! }, own, strength[i]!) ??
        UNIFORM_PRIOR;
      policy.priorAlpha[i] = prior.alpha;
      policy.priorBeta[i] = prior.beta;
    }
  };

  const publish = () => {
    for (let i = 0; i < items; i++) {
      const t = boundedTotals(
        members.map(({ policy }) => ({ s: policy.successes[i]!, f: policy.failures[i]! })),
        maxWeight,
      );
      totalS[i] = t.s;
      totalF[i] = t.f;
    }
    if (kappa === null) return;
    const sums: DispersionSums[] = new Array(items).fill(NO_DISPERSION);
    for (const { policy } of members) {
      for (let i = 0; i < items; i++) {
        const term = kappaTerm(
          policy.successes[i]!,
          policy.failures[i]!,
          kappa.maxClientWeight,
          kappa.minClientWeight,
        );
        if (term.k > 0) sums[i] = addDispersion(sums[i]!, term);
      }
    }
    const k = publishKappa(sums, kappa);
    history.push(k);
    for (let i = 0; i < items; i++) strength[i] = Math.min(k.arms.get(i) ?? k.value, ceiling);
  };

  return {
    priorsOf(user) {
      const member = members[user];
      if (member === undefined) throw new RangeError(`no user ${user} has joined`);
      return { alpha: member.policy.priorAlpha.slice(), beta: member.policy.priorBeta.slice() };
    },
    totals: () => ({ s: totalS.slice(), f: totalF.slice() }),
    kappaHistory: () => history,
    join(user) {
      const member: Member = {
        policy: createThompson(items, createRng(options.seed * 1e6 + user)),
        active: true,
      };
      members.push(member);
      // A newcomer has contributed nothing: the latest snapshot is all crowd.
      if (!alone && published) applyPriors(member);
      const learner: CommunityLearner = {
        choose: () => member.policy.choose(),
        feedback(item, reward) {
          member.policy.update(item, reward);
        },
        leave() {
          member.active = false;
        },
      };
      return learner;
    },
    refresh() {
      if (alone) return;
      publish();
      published = true;
      for (const member of members) if (member.active) applyPriors(member);
    },
  };
}
