import { armKey, checkArmId } from './arm-key.ts';
import { ArmTable } from './arm-table.ts';
import { betaInterval } from './beta-distribution.ts';
import { Catalog } from './catalog.ts';
import { type ChooseResult, chooseTopK } from './choose.ts';
import {
  type ContextValues,
  contextKey,
  dayType,
  sessionPosition,
  timeOfDay,
  userType,
} from './context.ts';
import { type ResolvedDecision, resolveDecision } from './decision.ts';
import type { ArmRecord, Engine, EngineOptions, EngineState } from './engine-types.ts';
import { CrowdbanditError, describeValue } from './errors.ts';
import type { PriorSource } from './prior.ts';
import { createRng } from './random.ts';
import { rankOutcome } from './rank.ts';
import { parseEvent, rewardOf } from './rewards.ts';
import { Session } from './session.ts';
import { resolveSession } from './session-options.ts';

interface MutableDelta {
  decision: string;
  context: string;
  arm: string;
  s: number;
  f: number;
  n: number;
}

interface Served {
  readonly contextKey: string;
  readonly features: readonly string[] | undefined;
  readonly embedding: ArrayLike<number> | undefined;
}

const SERVED_MEMORY = 5000;

function defaultLocalTime(now: number): { hour: number; day: number } {
  const date = new Date(now);
  return { hour: date.getHours(), day: date.getDay() };
}

/**
 * Creates a decision engine. Throws a {@link CrowdbanditError} naming the field for any
 * misconfiguration.
 *
 * @example
 * const engine = createEngine({
 *   decisions: { 'home-feed': { kind: 'rank', k: 10 } },
 *   seed: 42,
 * });
 * const feed = engine.rank('home-feed', films.map((f) => ({ id: f.id, features: f.tags })));
 * engine.feedback('home-feed', feed[0].id, 'like');
 */
export function createEngine(options: EngineOptions): Engine {
  if (typeof options !== 'object' || options === null) {
    throw new CrowdbanditError(
      'invalid_option',
      `options must be an object, got ${describeValue(options)}`,
      'options',
    );
  }
  if (
    typeof options.decisions !== 'object' ||
    options.decisions === null ||
    Object.keys(options.decisions).length === 0
  ) {
    throw new CrowdbanditError(
      'invalid_option',
      'decisions must name at least one decision, e.g. { "home-feed": { kind: "rank" } }',
      'decisions',
    );
  }
  const decisions = new Map<string, ResolvedDecision>();
  for (const [name, config] of Object.entries(options.decisions))
    decisions.set(name, resolveDecision(name, config));
  const rng = options.rng ?? createRng(options.seed);
  const clock = options.now ?? Date.now;
  const localTime = options.localTime ?? defaultLocalTime;
  const sessionOptions = resolveSession(options.session);
  const keepDeltas = options.keepDeltas ?? true;

  const tables = new Map<string, Map<string, ArmTable>>();
  const pending = new Map<
    string,
    { decision: string; context: string; arm: string; s: number; f: number; n: number }
  >();
  const unsaved = new Map<string, MutableDelta>();
  const served = new Map<string, Map<string, Served>>();
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
    if (values !== undefined && (typeof values !== 'object' || values === null)) {
      throw new CrowdbanditError(
        'invalid_context',
        `context must be an object of feature values, got ${describeValue(values)}`,
        'context',
      );
    }
    const { hour, day } = localTime(now);
    const merged: ContextValues = {
      timeOfDay: timeOfDay(hour),
      dayType: dayType(day),
      sessionPosition: sessionPosition(currentSession(now).interactions),
      userType: userType(interactions),
      ...values,
    };
    return contextKey(d.context, merged);
  }

  function checkK(k: unknown): number {
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
      throw new CrowdbanditError(
        'invalid_option',
        `k must be a positive integer, got ${describeValue(k)}`,
        'k',
      );
    }
    return k;
  }

  function remember(decision: string, arm: string, entry: Served): void {
    let byArm = served.get(decision);
    if (byArm === undefined) {
      byArm = new Map();
      served.set(decision, byArm);
    }
    byArm.delete(arm);
    byArm.set(arm, entry);
    if (byArm.size > SERVED_MEMORY) byArm.delete(byArm.keys().next().value!);
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
      const now = clock();
      const context = keyFor(d, opts.context, now);
      const table = tableFor(d, context);
      table.prepare(now);
      const s = currentSession(now);
      const exclude: Iterable<string>[] = [];
      if (opts.exclude !== undefined) exclude.push(opts.exclude);
      if (opts.excludeSeen === true) exclude.push(s.seen);
      if (d.sessionBoost) exclude.push(s.hidden);
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
      });
      for (const index of outcome.indices) {
        const c = outcome.catalog.candidates[index]!;
        remember(name, c.id, { contextKey: context, features: c.features, embedding: c.embedding });
      }
      return outcome.items;
    },

    choose(name, opts = {}) {
      const d = decisionNamed(name, 'choose');
      const k = checkK(opts.k ?? d.k);
      const now = clock();
      const context = keyFor(d, opts.context, now);
      let arms = d.arms;
      if (opts.available !== undefined) {
        if (!Array.isArray(opts.available)) {
          throw new CrowdbanditError(
            'invalid_option',
            `available must be an array of arm ids, got ${describeValue(opts.available)}`,
            'available',
          );
        }
        for (const arm of opts.available) {
          if (!d.armSet.has(arm)) {
            throw new CrowdbanditError(
              'unknown_arm',
              `available: ${describeValue(arm)} is not an arm of ${name} (${d.arms.join(', ')})`,
              'available',
            );
          }
        }
        const allowed = new Set(opts.available);
        arms = d.arms.filter((arm) => allowed.has(arm));
      }
      const table = tableFor(d, context);
      table.prepare(now);
      if (arms.length === 0) {
        return {
          arms: [fallbackArm(d, table)],
          contextKey: context,
          fallback: true,
          reason: 'no arm is available',
        };
      }
      let chosen: ChooseResult['arms'];
      try {
        chosen = chooseTopK(arms, table, rng, k);
      } catch (error) {
        return {
          arms: [fallbackArm(d, table)],
          contextKey: context,
          fallback: true,
          reason: String(error),
        };
      }
      for (const arm of chosen) {
        remember(name, arm.id, { contextKey: context, features: undefined, embedding: undefined });
        addPending(name, context, arm.id, 0, 0, 1);
      }
      return { arms: chosen, contextKey: context, fallback: false };
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
      const last = served.get(name)?.get(arm);
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
        addPending(
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

    setCommunity(totals, own) {
      for (const byContext of tables.values())
        for (const table of byContext.values()) table.clearCommunity();
      for (const [name, contexts] of Object.entries(totals)) {
        const d = decisions.get(name);
        if (d === undefined) continue;
        for (const [context, arms] of Object.entries(contexts)) {
          const table = tableFor(d, context);
          for (const [arm, [s, f]] of Object.entries(arms)) {
            if (!(s >= 0 && f >= 0 && Number.isFinite(s + f))) continue;
            table.setCommunity(arm, { s, f }, own?.get(armKey(name, context, arm)));
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
          ? (served.get(name)?.get(arm)?.contextKey ?? keyFor(d, undefined, now))
          : keyFor(d, context, now),
      );
      table.prepare(now);
      const slot = { alpha: 1, beta: 1, source: 'base' as PriorSource };
      table.posterior(arm, slot);
      return {
        arm,
        alpha: slot.alpha,
        beta: slot.beta,
        mean: slot.alpha / (slot.alpha + slot.beta),
        interval: betaInterval(slot.alpha, slot.beta),
        prior: slot.source,
      };
    },

    pendingDeltas() {
      return [...pending.values()].map((p) => ({ ...p }));
    },

    takeDeltas() {
      const out = engine.pendingDeltas();
      pending.clear();
      return out;
    },

    drainChanges() {
      const evidence = [...unsaved.values()].map((d) => ({ ...d }));
      unsaved.clear();
      return { evidence, at: clock(), session: currentSession(clock()).toRecord(), interactions };
    },

    loadEvidence(records) {
      for (const [i, r] of records.entries()) {
        const d = decisions.get(r.decision);
        if (d === undefined) continue;
        checkRecord(r, `records[${i}]`);
        const own = unsaved.get(armKey(r.decision, r.context, r.arm));
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
      return { arms, pending: engine.pendingDeltas(), session: session.toRecord(), interactions };
    },

    session() {
      return currentSession(clock());
    },
  };

  function addPending(
    decision: string,
    context: string,
    arm: string,
    s: number,
    f: number,
    n: number,
  ): void {
    const key = armKey(decision, context, arm);
    for (const map of keepDeltas ? [pending, unsaved] : [unsaved]) {
      const entry = map.get(key);
      if (entry === undefined) map.set(key, { decision, context, arm, s, f, n });
      else {
        entry.s += s;
        entry.f += f;
        entry.n += n;
      }
    }
  }

  function checkRecord(r: ArmRecord, field: string): void {
    if (!(r.s >= 0 && r.f >= 0 && Number.isFinite(r.s + r.f + r.t))) {
      throw new CrowdbanditError('invalid_state', `${field} has invalid counts`, field);
    }
  }

  function fallbackArm(d: ResolvedDecision, table: ArmTable): ChooseResult['arms'][number] {
    const slot = { alpha: 1, beta: 1, source: 'base' as PriorSource };
    table.posterior(d.fallback!, slot);
    const mean = slot.alpha / (slot.alpha + slot.beta);
    return {
      id: d.fallback!,
      weight: 1,
      theta: mean,
      mean,
      interval: betaInterval(slot.alpha, slot.beta),
      prior: slot.source,
    };
  }

  if (options.state !== undefined) restore(options.state);

  function restore(state: EngineState): void {
    if (
      typeof state !== 'object' ||
      state === null ||
      !Array.isArray(state.arms) ||
      !Array.isArray(state.pending)
    ) {
      throw new CrowdbanditError(
        'invalid_state',
        'state must come from exportState(): { arms, pending, session, interactions }',
        'state',
      );
    }
    for (const [i, r] of state.arms.entries()) {
      const d = decisions.get(r.decision);
      if (d === undefined) continue;
      if (!(r.s >= 0 && r.f >= 0 && Number.isFinite(r.s + r.f + r.t))) {
        throw new CrowdbanditError(
          'invalid_state',
          `state.arms[${i}] has invalid counts`,
          `state.arms[${i}]`,
        );
      }
      tableFor(d, r.context).restoreOwn(r.arm, r.s, r.f, r.t);
    }
    for (const [i, p] of state.pending.entries()) {
      if (!decisions.has(p.decision)) continue;
      if (!(p.s >= 0 && p.f >= 0 && p.n >= 0 && Number.isFinite(p.s + p.f + p.n))) {
        throw new CrowdbanditError(
          'invalid_state',
          `state.pending[${i}] has invalid counts`,
          `state.pending[${i}]`,
        );
      }
      addPending(p.decision, p.context, p.arm, p.s, p.f, p.n);
    }
    if (state.session !== null && state.session !== undefined)
      session = Session.restore(state.session, sessionOptions, clock());
    if (typeof state.interactions === 'number' && state.interactions >= 0)
      interactions = state.interactions;
  }

  return engine;
}
