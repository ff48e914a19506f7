import {
  addDispersion,
  type DispersionSums,
  decayFactor,
  decisionKappa,
  NO_DISPERSION,
} from '@crowdbandit/core';
import { fromMilli, type Kappa, type PriorsSnapshot } from '@crowdbandit/protocol';
import type { TotalsRow } from './client-shard.ts';
import { type AppConfig, decisionSettings } from './config.ts';
import { decayedSums } from './contribution.ts';

/**
 * Crowd totals of one arm key summed over shards and decayed to a moment, in units: the raw
 * sums (`s`, `f`, `n`), the bounded sums the crowd publishes (`bs`, `bf`, `bn`), and the κ
 * statistics.
 */
export interface ArmTotals {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly s: number;
  readonly f: number;
  readonly n: number;
  readonly bs: number;
  readonly bf: number;
  readonly bn: number;
  readonly kappa: DispersionSums;
}

const units = (milli: number) => fromMilli(Math.round(milli));

/**
 * Sums the shards' rows per arm key, each decayed from its own time to `now` with its
 * decision's half-life (the same lazy decay as @crowdbandit/core), counts rounded to
 * thousandths.
 */
export function sumRows(rows: Iterable<TotalsRow>, config: AppConfig, now: number): ArmTotals[] {
  const sums = new Map<string, { -readonly [K in keyof ArmTotals]: ArmTotals[K] }>();
  for (const [decision, context, arm, s, f, n, t, bs, bf, bn, dk, dn, dx, dq, dr] of rows) {
    const k = decayFactor(now - t, decisionSettings(config, decision).halfLifeMs);
    const kappa = decayedSums({ k: dk, n: dn, x: dx, q: dq, r: dr }, k);
    const key = `${decision}/${context}/${arm}`;
    const sum = sums.get(key);
    if (sum === undefined) {
      sums.set(key, {
        decision,
        context,
        arm,
        s: s * k,
        f: f * k,
        n,
        bs: bs * k,
        bf: bf * k,
        bn,
        kappa,
      });
    } else {
      sum.s += s * k;
      sum.f += f * k;
      sum.n += n;
      sum.bs += bs * k;
      sum.bf += bf * k;
      sum.bn += bn;
      sum.kappa = addDispersion(sum.kappa, kappa);
    }
  }
  return [...sums.values()].map((x) => ({
    ...x,
    s: units(x.s),
    f: units(x.f),
    bs: units(x.bs),
    bf: units(x.bf),
    bn: Math.round(x.bn),
  }));
}

const thousandths = (value: number) => Math.round(value * 1000) / 1000;

/**
 * κ per decision from the κ statistics of its arm keys (see core's decisionKappa), values
 * rounded to thousandths; `arms` only where an arm key's own κ differs.
 */
export function kappaOf(
  totals: readonly ArmTotals[],
  config: AppConfig,
  decision?: string,
): Record<string, Kappa> {
  const byDecision = new Map<string, Map<ArmTotals, DispersionSums>>();
  for (const t of totals) {
    if (decision !== undefined && t.decision !== decision) continue;
    const arms = byDecision.get(t.decision) ?? new Map<ArmTotals, DispersionSums>();
    arms.set(t, t.kappa ?? NO_DISPERSION);
    byDecision.set(t.decision, arms);
  }
  const out: Record<string, Kappa> = Object.create(null);
  for (const [name, arms] of byDecision) {
    const { pooled, arms: own } = decisionKappa(arms, config.kappa);
    const entry: { -readonly [K in keyof Kappa]: Kappa[K] } = {
      value: thousandths(pooled.kappa),
      source: pooled.source,
      clients: pooled.clients,
      rho: pooled.rho,
    };
    if (own.size > 0) {
      const byContext: NonNullable<Kappa['arms']> = Object.create(null);
      for (const [t, kappa] of own) {
        byContext[t.context] ??= Object.create(null);
        byContext[t.context]![t.arm] = thousandths(kappa);
      }
      entry.arms = byContext;
    }
    out[name] = entry;
  }
  return out;
}

/**
 * Builds the priors snapshot: the bounded totals, the per-client bound, and κ per decision.
 * Nested maps use null-prototype objects: an arm id such as `__proto__` is legal on the wire
 * and must land as an ordinary key.
 */
export function buildSnapshot(
  app: string,
  version: number,
  now: number,
  shards: ReadonlyMap<number, number>,
  totals: readonly ArmTotals[],
  config: AppConfig,
  decision?: string,
): PriorsSnapshot {
  const decisions: Record<string, Record<string, Record<string, [number, number]>>> = Object.create(
    null,
  );
  for (const t of totals) {
    if (decision !== undefined && t.decision !== decision) continue;
    if (t.bs === 0 && t.bf === 0) continue;
    decisions[t.decision] ??= Object.create(null);
    const contexts = decisions[t.decision]!;
    contexts[t.context] ??= Object.create(null);
    contexts[t.context]![t.arm] = [t.bs, t.bf];
  }
  const shardVersions: Record<string, number> = {};
  for (const [shard, v] of [...shards].sort((a, b) => a[0] - b[0]))
    shardVersions[String(shard)] = v;
  return {
    app,
    version,
    generatedAt: now,
    shards: shardVersions,
    decisions,
    maxWeightPerClient: config.maxWeightPerClient,
    kappa: kappaOf(totals, config, decision),
  };
}
