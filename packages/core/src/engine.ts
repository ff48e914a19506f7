import { armKey, checkArmId } from './arm-key.ts';
import { ArmTable } from './arm-table.ts';
import { Catalog } from './catalog.ts';
import { checkK } from './check-engine-options.ts';
import { checkCounts, checkState } from './check-state.ts';
import { type ChooseResult, chooseTopK } from './choose.ts';
import { availableArms, baselineArms, fallbackArm } from './choose-arms.ts';
import { decisionKappaOf } from './community-strength.ts';
import type { ContextValues } from './context.ts';
import { fillDecision, type ResolvedDecision } from './decision.ts';
import { DeltaLedger } from './delta-ledger.ts';
import { contextKeyFor } from './derived-context.ts';
import type { ArmRecord, Engine, EngineOptions, EngineState } from './engine-types.ts';
import { CrowdbanditError, describeValue } from './errors.ts';
import type { Policy } from './explanation.ts';
import { createRng } from './random.ts';
import { type PosteriorSlot, rankOutcome } from './rank.ts';
import { parseEvent, rewardOf } from './rewards.ts';
import { ServedMemory } from './served-memory.ts';
import { Session } from './session.ts';
import { fillSession } from './session-options.ts';

/** A call's policy: true for the baseline; throws for anything but a policy. */
function isBaseline(policy: unknown): boolean {
  if (policy === undefined || policy === 'learner' || policy === 'baseline') {
    return policy === 'baseline';
  }
  throw new CrowdbanditError(
    'invalid_option',
    `policy must be 'learner' or 'baseline', got ${describeValue(policy)}`,
    'policy',
  );
}

function defaultLocalTime(now: number): { hour: number; day: number } {
  const date = new Date(now);
  return { hour: date.getHours(), day: date.getDay() };
}

/**
 * Builds a decision engine from options that passed {@link createEngine}'s checks, without
 * checking them again: for a host whose options were checked elsewhere (the SDK checks them
 * on the page, then builds the engine in its worker). Stored state is still checked.
 *
 * @example
 * // Options the page already checked (createClient does): the worker skips the checks.
 * const engine = buildEngine({ decisions: { 'home-feed': { kind: 'rank' } }, seed: 7 });
 */
export function buildEngine(options: EngineOptions): Engine {
  const decisions = new Map<string, ResolvedDecision>();
  for (const [name, config] of Object.entries(options.decisions))
    decisions.set(name, fillDecision(name, config));
  const rng = options.rng ?? createRng(options.seed);
  const clock = options.now ?? Date.now;
  const localTime = options.localTime ?? defaultLocalTime;
  const sessionOptions = fillSession(options.session);
  const ledger = new DeltaLedger(options.keepDeltas ?? true);
  const served = new ServedMemory();
  const tables = new Map<string, Map<string, ArmTable>>();
  let session = new Session(sessionOptions, clock());
  let interactions = 0;

  function decisionNamed(name: string, kind: 'rank' | 'choose' | null): ResolvedDecision {
    const d = decisions.get(name);
    if (d === undefined) {
      throw new CrowdbanditError(
        'unknown_decision',
        `unknown decision ${describeValue(name)}; configured: ${[...decisions.keys()].join(', ')}`,
        'decision',
      );
    }
    if (kind !== null && d.kind !== kind) {
      throw new CrowdbanditError(
        'invalid_option',
        `decision ${JSON.stringify(name)} is a ${d.kind} decision: call ${d.kind}() for it`,
        'decision',
      );
    }
    return d;
  }

  function tableFor(d: ResolvedDecision, context: string): ArmTable {
    let byContext = tables.get(d.name);
    if (byContext === undefined) {
      byContext = new Map();
      tables.set(d.name, byContext);
    }
    let table = byContext.get(context);
    if (table === undefined) {
      table = new ArmTable(d);
      byContext.set(context, table);
    }
    return table;
  }

  function currentSession(now: number): Session {
    session.expireIfIdle(now);
    return session;
  }

  function keyFor(d: ResolvedDecision, values: ContextValues | undefined, now: number): string {
    if (d.context.length === 0) return '';
    const { hour, day } = localTime(now);
    const sessionInteractions = currentSession(now).interactions;
    return contextKeyFor(d, values, { hour, day, sessionInteractions, interactions });
  }

  const engine: Engine = {
    decisions,

    rank(name, candidates, opts = {}) {
      const d = decisionNamed(name, 'rank');
      if (!Array.isArray(candidates) && !(candidates instanceof Catalog)) {
        throw new CrowdbanditError(
          'invalid_candidate',
          `candidates must be an array or a catalog from createCatalog(), got ${describeValue(candidates)}`,
          'candidates',
        );
      }
      const k = checkK(opts.k ?? d.k);
      const baseline = isBaseline(opts.policy);
      const now = clock();
      const context = keyFor(d, opts.context, now);
      const table = tableFor(d, context);
      table.prepare(now);
      const s = currentSession(now);
      const exclude: Iterable<string>[] = [];
      if (opts.exclude !== undefined) exclude.push(opts.exclude);
      if (opts.excludeSeen === true) exclude.push(s.seen);
      if (d.sessionBoost && !baseline) exclude.push(s.hidden);
      const boost =
        d.sessionBoost && !s.isNeutral
          ? { weights: s.weightsAt(now), vector: s.vectorAt(now) }
          : null;
      const outcome = rankOutcome({
        candidates,
        k,
        posteriors: table,
        rng,
        weights: d.weights,
        epsilon: d.epsilon,
        diversity: d.diversity,
        boost,
        exclude: exclude.length === 0 ? null : exclude.flatMap((ids) => [...ids]),
        baseline,
      });
      for (const index of outcome.indices) {
        const c = outcome.catalog.candidates[index]!;
        served.remember(name, c.id, {
          contextKey: context,
          features: c.features,
          embedding: c.embedding,
        });
      }
      return outcome.items;
    },

    choose(name, opts = {}) {
      const d = decisionNamed(name, 'choose');
      const k = checkK(opts.k ?? d.k);
      const policy: Policy = isBaseline(opts.policy) ? 'baseline' : 'learner';
      const now = clock();
      const context = keyFor(d, opts.context, now);
      const arms = availableArms(d, opts.available);
      const table = tableFor(d, context);
      table.prepare(now);
      if (arms.length === 0) {
        return {
          arms: [fallbackArm(d, table)],
          contextKey: context,
          policy,
          fallback: true,
          reason: 'no arm is available',
        };
      }
      let chosen: ChooseResult['arms'];
      try {
        chosen =
          policy === 'baseline' ? baselineArms(d, arms, table, k) : chooseTopK(arms, table, rng, k);
      } catch (error) {
        return {
          arms: [fallbackArm(d, table)],
          contextKey: context,
          policy,
          fallback: true,
          reason: String(error),
        };
      }
      for (const arm of chosen) {
        served.remember(name, arm.id, {
          contextKey: context,
          features: undefined,
          embedding: undefined,
        });
        ledger.add(name, context, arm.id, 0, 0, 1);
      }
      return { arms: chosen, contextKey: context, policy, fallback: false };
    },

    feedback(name, arm, event, opts = {}) {
      const d = decisionNamed(name, null);
      checkArmId(arm, 'arm');
      if (d.kind === 'choose' && !d.armSet.has(arm)) {
        throw new CrowdbanditError(
          'unknown_arm',
          `${describeValue(arm)} is not an arm of ${name} (${d.arms.join(', ')})`,
          'arm',
        );
      }
      const parsed = parseEvent(event);
      const now = clock();
      const last = served.get(name, arm);
      const context =
        opts.context !== undefined || last === undefined
          ? keyFor(d, opts.context, now)
          : last.contextKey;
      const reward = rewardOf(parsed, d.rewards);
      if (reward !== null) {
        tableFor(d, context).addOwn(arm, reward.r, reward.w, now);
      }
      const impression = parsed.type === 'impression';
      if (reward !== null || impression) {
        ledger.add(
          name,
          context,
          arm,
          reward ? reward.w * reward.r : 0,
          reward ? reward.w * (1 - reward.r) : 0,
          impression ? 1 : 0,
        );
      }
      if (!impression) {
        interactions += 1;
        const kind =
          d.sessionBoost && (parsed.type === 'like' || parsed.type === 'dislike')
            ? parsed.type
            : 'other';
        currentSession(now).feedback(
          {
            id: arm,
            features: opts.item?.features ?? last?.features,
            embedding: opts.item?.embedding ?? last?.embedding,
          },
          kind,
          now,
        );
      }
      return { contextKey: context, reward };
    },

    setCommunity(totals, own, kappa) {
      for (const byContext of tables.values())
        for (const table of byContext.values()) table.clearCommunity();
      for (const [name, contexts] of Object.entries(totals)) {
        const d = decisions.get(name);
        if (d === undefined) continue;
        const published = kappa?.[name];
        const pooled = decisionKappaOf(published);
        for (const [context, arms] of Object.entries(contexts)) {
          const table = tableFor(d, context);
          const byArm = published?.arms?.[context];
          for (const [arm, [s, f]] of Object.entries(arms)) {
            if (!(s >= 0 && f >= 0 && Number.isFinite(s + f))) continue;
            const value = byArm?.[arm] ?? 0;
            table.setCommunity(
              arm,
              { s, f },
              own?.get(armKey(name, context, arm)),
              value > 0 ? { value, source: 'arm' } : pooled,
            );
          }
        }
      }
    },

    posterior(name, arm, context) {
      const d = decisionNamed(name, null);
      checkArmId(arm, 'arm');
      const now = clock();
      const table = tableFor(
        d,
        context === undefined
          ? (served.get(name, arm)?.contextKey ?? keyFor(d, undefined, now))
          : keyFor(d, context, now),
      );
      table.prepare(now);
      const slot: PosteriorSlot = { alpha: 1, beta: 1, source: 'base', community: null };
      table.posterior(arm, slot);
      return {
        arm,
        alpha: slot.alpha,
        beta: slot.beta,
        mean: slot.alpha / (slot.alpha + slot.beta),
        prior: slot.source,
        community: slot.community,
      };
    },

    pendingDeltas: () => ledger.pending(),

    takeDeltas: () => ledger.takePending(),

    drainChanges() {
      const evidence = ledger.drainUnsaved();
      return { evidence, at: clock(), session: currentSession(clock()).toRecord(), interactions };
    },

    loadEvidence(records) {
      for (const [i, r] of records.entries()) {
        const d = decisions.get(r.decision);
        if (d === undefined) continue;
        checkCounts(r, `records[${i}]`);
        const own = ledger.unsavedOf(armKey(r.decision, r.context, r.arm));
        const table = tableFor(d, r.context);
        table.restoreOwn(r.arm, r.s, r.f, r.t);
        // Increments not yet saved are not in the stored record: keep them.
        if (own !== undefined && own.s + own.f > 0) {
          table.addOwn(r.arm, own.s / (own.s + own.f), own.s + own.f, Math.max(r.t, clock()));
        }
      }
    },

    exportState() {
      const arms: ArmRecord[] = [];
      for (const [decision, byContext] of tables) {
        for (const [context, table] of byContext) {
          for (const [arm, a] of table.arms) {
            if (a.s > 0 || a.f > 0) arms.push({ decision, context, arm, s: a.s, f: a.f, t: a.t });
          }
        }
      }
      return { arms, pending: ledger.pending(), session: session.toRecord(), interactions };
    },

    session() {
      return currentSession(clock());
    },
  };

  if (options.state !== undefined) restore(options.state);

  function restore(state: EngineState): void {
    checkState(state);
    for (const r of state.arms) {
      const d = decisions.get(r.decision);
      if (d !== undefined) tableFor(d, r.context).restoreOwn(r.arm, r.s, r.f, r.t);
    }
    for (const p of state.pending) {
      if (decisions.has(p.decision)) ledger.add(p.decision, p.context, p.arm, p.s, p.f, p.n);
    }
    if (state.session !== null && state.session !== undefined)
      session = Session.restore(state.session, sessionOptions, clock());
    if (typeof state.interactions === 'number' && state.interactions >= 0)
      interactions = state.interactions;
  }

  return engine;
}
