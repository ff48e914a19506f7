import { type BetaParams, communityPrior, createRng, UNIFORM_PRIOR } from '@crowdbandit/core';
import { createThompson, type ThompsonPolicy } from '../policies/thompson.ts';
import type { CommunityBackend, CommunityLearner } from './backend.ts';

/** Options of {@link createInProcessBackend}. */
export interface InProcessOptions {
  readonly items: number;
  /**
   * The decision's `maxPriorStrength`: the cap on a community prior's strength n in
   * alpha0 = 1 + m·n, beta0 = 1 + (1 − m)·n. `null`: users learn alone from Beta(1, 1).
   */
  readonly maxPriorStrength: number | null;
  /** Seeds the users' Thompson draws (user u draws from seed·1e6 + u). */
  readonly seed: number;
}

/** The in-process backend, which also lets a test or a report read a user's priors. */
export interface InProcessBackend extends CommunityBackend {
  /** The Beta prior per item that user `user` (by join order) currently has. */
  priorsOf(user: number): { readonly alpha: Float64Array; readonly beta: Float64Array };
}

interface Member {
  readonly policy: ThompsonPolicy;
  active: boolean;
}

/**
 * Users learning with core's Thompson sampling, the edge's merge simulated in process.
 * At each refresh the crowd's totals are the sum of every user's counts (those who left
 * included: the edge keeps their contribution); each active user's prior per item is core's
 * `communityPrior(Beta(1, 1), totals, own, maxPriorStrength)` with `own` the user's counts
 * in that snapshot, so nobody's feedback counts twice. Between refreshes a user's posterior
 * is that prior plus their own counts, as in the engine. With `maxPriorStrength: null`
 * nobody shares and everyone learns alone.
 *
 * @example
 * const crowd = createInProcessBackend({ items: 34, maxPriorStrength: 1000, seed: 1 });
 * const learner = crowd.join(0);
 * learner.feedback(learner.choose(), 0);
 * crowd.refresh();
 */
export function createInProcessBackend(options: InProcessOptions): InProcessBackend {
  const { items, maxPriorStrength } = options;
  const members: Member[] = [];
  const totalS = new Float64Array(items);
  const totalF = new Float64Array(items);
  let published = false;

  const applyPriors = (member: Member) => {
    const { policy } = member;
    for (let i = 0; i < items; i++) {
      const prior: BetaParams =
        communityPrior(
          UNIFORM_PRIOR,
          { s: totalS[i]!, f: totalF[i]! },
          { s: policy.successes[i]!, f: policy.failures[i]! },
          maxPriorStrength!,
        ) ?? UNIFORM_PRIOR;
      policy.priorAlpha[i] = prior.alpha;
      policy.priorBeta[i] = prior.beta;
    }
  };

  return {
    priorsOf(user) {
      const member = members[user];
      if (member === undefined) throw new RangeError(`no user ${user} has joined`);
      return { alpha: member.policy.priorAlpha.slice(), beta: member.policy.priorBeta.slice() };
    },
    join(user) {
      const member: Member = {
        policy: createThompson(items, createRng(options.seed * 1e6 + user)),
        active: true,
      };
      members.push(member);
      // A newcomer has contributed nothing: the latest snapshot is all crowd.
      if (maxPriorStrength !== null && published) applyPriors(member);
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
      if (maxPriorStrength === null) return;
      totalS.fill(0);
      totalF.fill(0);
      for (const { policy } of members) {
        for (let i = 0; i < items; i++) {
          totalS[i]! += policy.successes[i]!;
          totalF[i]! += policy.failures[i]!;
        }
      }
      published = true;
      for (const member of members) if (member.active) applyPriors(member);
    },
  };
}
