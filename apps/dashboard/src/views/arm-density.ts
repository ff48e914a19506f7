import { communityPrior, DEFAULT_PRIOR_STRENGTH, UNIFORM_PRIOR } from '@crowdbandit/core';
import type { PriorsSnapshot, StatsArm } from '@crowdbandit/protocol';
import { html, type TemplateResult } from 'lit-html';
import { betaDensities, type Density } from '../charts/beta-density.ts';
import { count, pct } from '../format.ts';
import { armLabel } from '../history.ts';

/** κ for an arm: its own estimate where the edge published one, else its decision's. */
function kappaOf(
  priors: PriorsSnapshot | null,
  decision: string,
  arm: StatsArm,
): { value: number; source: string } {
  const k = priors?.kappa?.[decision];
  if (!k) return { value: DEFAULT_PRIOR_STRENGTH, source: 'default: none published' };
  const own = k.arms?.[arm.context]?.[arm.arm];
  return own === undefined ? { value: k.value, source: k.source } : { value: own, source: 'arm' };
}

/**
 * One arm's Beta densities: the crowd's posterior Beta(1 + S, 1 + F) against the prior a
 * newcomer starts from, the crowd's mean at strength min(S + F, κ) (core's `communityPrior`,
 * as the SDK blends it).
 */
export function armDensity(
  priors: PriorsSnapshot | null,
  decision: string,
  arm: StatsArm,
  history: TemplateResult,
): TemplateResult {
  const kappa = kappaOf(priors, decision, arm);
  const crowd = { alpha: 1 + arm.s, beta: 1 + arm.f };
  const newcomer = communityPrior(
    UNIFORM_PRIOR,
    { s: arm.s, f: arm.f },
    { s: 0, f: 0 },
    kappa.value,
  );
  const strength = Math.min(arm.s + arm.f, kappa.value);
  const densities: Density[] = [{ label: 'crowd', ...crowd, colour: '#4e79a7' }];
  if (newcomer) densities.push({ label: 'newcomer', ...newcomer, colour: '#f28e2b', dashed: true });
  const label = `Beta densities of ${arm.arm}: crowd Beta(${crowd.alpha.toFixed(1)}, ${crowd.beta.toFixed(1)})${
    newcomer
      ? `, newcomer's prior Beta(${newcomer.alpha.toFixed(1)}, ${newcomer.beta.toFixed(1)})`
      : ''
  }`;
  return html`<section class="card wide density-card" aria-labelledby="density-title" data-testid="density">
    <h2 id="density-title">${armLabel(arm.context, arm.arm)} <small>Beta density: the crowd against a newcomer's prior</small></h2>
    <div class="density-body">
    ${betaDensities(densities, label)}
    <div>
    <ul class="legend">
      <li><span class="swatch" style="background:#4e79a7"></span>crowd: Beta(${count(crowd.alpha)}, ${count(crowd.beta)}),
        mean ${pct(arm.mean)}, from ${count(arm.s)} successes and ${count(arm.f)} failures (bounded per client)</li>
      <li><span class="swatch dashed" style="border-color:#f28e2b"></span>${
        newcomer
          ? html`newcomer's prior: Beta(${count(+newcomer.alpha.toFixed(2))}, ${count(+newcomer.beta.toFixed(2))}),
            strength min(S + F, κ) = ${count(+strength.toFixed(2))}, κ = ${count(kappa.value)} (${kappa.source})`
          : 'no crowd evidence yet: a newcomer starts from the catalog-level prior'
      }</li>
    </ul>
    ${history}
    <p class="muted small">${
      newcomer && arm.s + arm.f <= kappa.value
        ? 'While the crowd has no more evidence than κ, a newcomer takes all of it: the two curves coincide. '
        : ''
    }Each curve is scaled to the height on its own. Where users agree (κ large) a newcomer's prior is nearly the crowd's; where they disagree it stays wide and the visitor's own clicks soon outweigh it. Click an arm in the leaderboard to see its densities.</p>
    </div>
    </div>
  </section>`;
}
