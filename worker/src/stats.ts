import { betaInterval, createRng, probabilityOfBeingBest } from '@crowdbandit/core';
import type { Stats, StatsAlert, StatsArm } from '@crowdbandit/protocol';
import { alertMessage } from './alert-message.ts';
import type { AppConfig } from './config.ts';
import type { ArmTotals } from './snapshot.ts';

// Monte Carlo draws for P(best); fewer for very large groups to keep the route fast.
function drawsFor(arms: number): number {
  return arms > 200 ? 500 : 4000;
}

/**
 * Stats of an app: per decision and arm the crowd's counts, posterior mean and 95%
 * interval under Beta(1, 1), the probability of being the best arm in its context, the
 * selection share (impressions over the context's impressions; null when none were
 * reported), and alerts: an arm above `dominantShare` of selections, or an arm with enough
 * evidence whose success rate is under `minSuccessRate`. P(best) is a Monte Carlo estimate
 * drawn from `seed` (default `now`); the history passes a fixed seed so that unchanged totals
 * give the same P(best).
 */
export function computeStats(
  app: string,
  config: AppConfig,
  totals: readonly ArmTotals[],
  now: number,
  seed = now,
): Stats {
  const groups = new Map<string, ArmTotals[]>();
  for (const t of totals) {
    const key = `${t.decision}/${t.context}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  const byDecision = new Map<string, { arms: StatsArm[]; alerts: StatsAlert[] }>();
  for (const group of groups.values()) {
    const { decision, context } = group[0]!;
    // Each group draws from its own stream, so one group's draws do not depend on the others.
    const rng = createRng(seed);
    const params = group.map((t) => ({ alpha: 1 + t.s, beta: 1 + t.f }));
    const pBest = probabilityOfBeingBest(params, rng, drawsFor(group.length));
    const impressions = group.reduce((sum, t) => sum + t.n, 0);
    let entry = byDecision.get(decision);
    if (entry === undefined) {
      entry = { arms: [], alerts: [] };
      byDecision.set(decision, entry);
    }
    group.forEach((t, i) => {
      const { alpha, beta } = params[i]!;
      const mean = alpha / (alpha + beta);
      const share = impressions > 0 ? t.n / impressions : null;
      entry.arms.push({
        context,
        arm: t.arm,
        s: t.s,
        f: t.f,
        n: t.n,
        mean,
        interval: betaInterval(alpha, beta),
        pBest: pBest[i]!,
        share,
      });
      if (share !== null && group.length > 1 && share > config.alerts.dominantShare) {
        entry.alerts.push({
          kind: 'dominant-arm',
          decision,
          context,
          arm: t.arm,
          value: share,
          threshold: config.alerts.dominantShare,
          message: alertMessage({
            kind: 'dominant-arm',
            decision,
            context,
            arm: t.arm,
            value: share,
            threshold: config.alerts.dominantShare,
          }),
        });
      }
      const rate = t.s / (t.s + t.f);
      if (t.s + t.f >= config.alerts.minEvidence && rate < config.alerts.minSuccessRate) {
        entry.alerts.push({
          kind: 'low-success',
          decision,
          context,
          arm: t.arm,
          value: rate,
          threshold: config.alerts.minSuccessRate,
          message: alertMessage({
            kind: 'low-success',
            decision,
            context,
            arm: t.arm,
            value: rate,
            threshold: config.alerts.minSuccessRate,
          }),
        });
      }
    });
  }
  const decisions = [...byDecision].sort((a, b) => a[0].localeCompare(b[0]));
  return {
    app,
    generatedAt: now,
    decisions: decisions.map(([decision, { arms, alerts }]) => ({
      decision,
      arms: arms.sort((a, b) => a.context.localeCompare(b.context) || b.mean - a.mean),
      alerts,
    })),
  };
}
