import type { ChosenArm, CommunityStrength, Explanation, KappaOrigin } from '@crowdbandit/sdk';
import { html, type TemplateResult } from 'lit-html';
import { feature, pct } from './format.ts';

const PRIOR: Record<Explanation['prior'], string> = {
  community: 'the crowd: what earlier visitors liked and disliked',
  decision:
    'catalog-level: the typical rate of films people have rated (nobody has rated this one yet)',
  base: 'none yet: a uniform Beta(1, 1)',
};

const KAPPA: Record<KappaOrigin, string> = {
  arm: 'how much visitors agree on this film (it differs from the rest)',
  estimate: 'how much visitors agree, measured across the catalog',
  ceiling: 'visitors agree beyond what the data can tell, so the cap',
  fallback: 'too few visitors yet to measure agreement',
  default: 'the edge published none',
};

const RULE: Record<Explanation['rule'], string> = {
  score: 'its hybrid score',
  diversity: 'the diversity rule (at most 5 films per genre)',
  explore: 'the exploration slot: a random film, so new ones get a chance',
  relaxed: 'its score, after the genre cap ran out of films',
};

/** The 95% interval, when the decision was explained with one. */
function interval(range: readonly [number, number] | undefined): TemplateResult | string {
  return range === undefined
    ? ''
    : html`<span class="muted">(95% interval ${pct(range[0])}–${pct(range[1])})</span>`;
}

/** How much the crowd's prior counts, and where its κ came from. */
function trust(c: CommunityStrength | null): TemplateResult | string {
  if (c === null) return '';
  return html`<dt>Crowd's weight</dt>
    <dd data-testid="kappa">
      ${Math.round(c.strength)} votes of ${Math.round(c.evidence)}: κ = ${Math.round(c.kappa.value)}
      <span class="muted">(${KAPPA[c.kappa.source]})</span>${c.capped ? ', capped by the app' : ''}
    </dd>`;
}

/** The "why this?" panel of a ranked film. */
export function whyRanked(id: string, e: Explanation): TemplateResult {
  // A like and a dislike of one feature nearly cancel; show only what moves the score.
  const features = e.boostFeatures.filter((b) => Math.abs(b.weight) >= 0.005);
  return html`<dl class="why" id=${`why-${id}`} data-testid="why">
    <dt>Chance you like it</dt>
    <dd>${pct(e.mean)} ${interval(e.interval)}</dd>
    <dt>Prior</dt>
    <dd data-testid="prior">${PRIOR[e.prior]}</dd>
    ${trust(e.community)}
    <dt>Session boost</dt>
    <dd data-testid="boost">${
      features.length === 0
        ? 'none'
        : html`${e.boost >= 0 ? '+' : ''}${e.boost.toFixed(2)} from
            ${features.map(
              (b, i) =>
                html`${i > 0 ? ', ' : ''}<span class=${b.weight > 0 ? 'up' : 'down'}>${feature(b.feature)} ${b.weight > 0 ? '+' : ''}${b.weight.toFixed(2)}</span>`,
            )}`
    }</dd>
    <dt>Placed by</dt>
    <dd data-testid="rule">${RULE[e.rule]}</dd>
    <dt>Score</dt>
    <dd class="muted">${e.score.toFixed(3)} = 0.6 × rating ${e.relevance === null ? '–' : e.relevance.toFixed(2)} + 0.4 × draw ${e.theta.toFixed(2)} + boost ${e.boost.toFixed(2)}${
      e.popularityAdjustment !== 0 ? ` ${e.popularityAdjustment.toFixed(3)} popularity` : ''
    }</dd>
  </dl>`;
}

/** The "why this?" panel of a strategy-row film: why its strategy was chosen. */
export function whyStrategy(id: string, label: string, arm: ChosenArm | undefined): TemplateResult {
  return html`<dl class="why" id=${`why-${id}`} data-testid="why">
    <dt>Strategy</dt>
    <dd>${label}${arm ? html` — ${pct(arm.weight)} of this row` : ''}</dd>
    ${
      arm
        ? html`<dt>How well it works</dt>
            <dd>${pct(arm.mean)} ${interval(arm.interval)} in this context</dd>
            <dt>Prior</dt><dd>${PRIOR[arm.prior]}</dd>
            ${trust(arm.community)}`
        : ''
    }
  </dl>`;
}
