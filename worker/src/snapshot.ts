import { decayFactor } from '@crowdbandit/core';
import { fromMilli, type PriorsSnapshot } from '@crowdbandit/protocol';
import type { TotalsRow } from './client-shard.ts';
import { type AppConfig, decisionSettings } from './config.ts';

/** Crowd totals of one arm key summed over shards and decayed to a moment, in units. */
export interface ArmTotals {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/**
 * Sums the shards' rows per arm key, each decayed from its own time to `now` with its
 * decision's half-life (the same lazy decay as @crowdbandit/core), rounded to thousandths.
 */
export function sumRows(rows: Iterable<TotalsRow>, config: AppConfig, now: number): ArmTotals[] {
  const sums = new Map<
    string,
    { decision: string; context: string; arm: string; s: number; f: number; n: number }
  >();
  for (const [decision, context, arm, s, f, n, t] of rows) {
    const k = decayFactor(now - t, decisionSettings(config, decision).halfLifeMs);
    const key = `${decision}/${context}/${arm}`;
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { decision, context, arm, s: s * k, f: f * k, n });
    else {
      sum.s += s * k;
      sum.f += f * k;
      sum.n += n;
    }
  }
  return [...sums.values()].map((x) => ({
    ...x,
    s: fromMilli(Math.round(x.s)),
    f: fromMilli(Math.round(x.f)),
  }));
}

/**
 * Builds the priors snapshot. Nested maps use null-prototype objects: an arm id such as
 * `__proto__` is legal on the wire and must land as an ordinary key.
 */
export function buildSnapshot(
  app: string,
  version: number,
  now: number,
  shards: ReadonlyMap<number, number>,
  totals: readonly ArmTotals[],
  decision?: string,
): PriorsSnapshot {
  const decisions: Record<string, Record<string, Record<string, [number, number]>>> = Object.create(
    null,
  );
  for (const t of totals) {
    if (decision !== undefined && t.decision !== decision) continue;
    if (t.s === 0 && t.f === 0) continue;
    decisions[t.decision] ??= Object.create(null);
    const contexts = decisions[t.decision]!;
    contexts[t.context] ??= Object.create(null);
    contexts[t.context]![t.arm] = [t.s, t.f];
  }
  const shardVersions: Record<string, number> = {};
  for (const [shard, v] of [...shards].sort((a, b) => a[0] - b[0]))
    shardVersions[String(shard)] = v;
  return { app, version, generatedAt: now, shards: shardVersions, decisions };
}
