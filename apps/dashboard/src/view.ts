import type { Stats, StatsArm } from '@crowdbandit/protocol';
import { html, nothing, type TemplateResult } from 'lit-html';
import type { Connection, Reading } from './edge-client.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function intervalBar(arm: StatsArm): TemplateResult {
  const [lo, hi] = arm.interval;
  return html`<span class="bar" role="img" aria-label=${`95% interval ${pct(lo)} to ${pct(hi)}, mean ${pct(arm.mean)}`}>
    <span class="range" style=${`left:${lo * 100}%;width:${Math.max((hi - lo) * 100, 0.5)}%`}></span>
    <span class="mean" style=${`left:${arm.mean * 100}%`}></span>
  </span>`;
}

function decisionTable(decision: Stats['decisions'][number], limit: number): TemplateResult {
  const arms = decision.arms.slice(0, limit);
  return html`<section class="decision" aria-labelledby=${`d-${decision.decision}`}>
    <h2 id=${`d-${decision.decision}`}>${decision.decision}
      <small>${decision.arms.length} arm keys</small></h2>
    ${
      decision.alerts.length > 0
        ? html`<ul class="alerts">${decision.alerts.map((a) => html`<li class=${a.kind}>⚠ ${a.message}</li>`)}</ul>`
        : nothing
    }
    <table>
      <thead><tr><th scope="col">context</th><th scope="col">arm</th><th scope="col">success</th>
        <th scope="col">failure</th><th scope="col">mean</th><th scope="col">95% interval</th>
        <th scope="col">P(best)</th><th scope="col">share</th></tr></thead>
      <tbody>${arms.map(
        (a) => html`<tr>
          <td>${a.context || '—'}</td><td class="arm">${a.arm}</td><td>${a.s}</td><td>${a.f}</td>
          <td>${pct(a.mean)}</td><td>${intervalBar(a)}</td><td>${pct(a.pBest)}</td>
          <td>${a.share === null ? '—' : pct(a.share)}</td></tr>`,
      )}</tbody>
    </table>
    ${decision.arms.length > limit ? html`<p class="more">${decision.arms.length - limit} more not shown</p>` : nothing}
  </section>`;
}

/** The whole page for a reading, or the last error. */
export function page(
  connection: Connection,
  reading: Reading | null,
  error: string | null,
): TemplateResult {
  return html`<header>
      <h1>crowdbandit <span>ops</span></h1>
      <p>app <strong>${connection.app}</strong> at <code>${connection.edgeUrl}</code>
        ${
          reading
            ? html` · edge <strong class=${reading.healthy ? 'ok' : 'down'}>${reading.healthy ? 'up' : 'down'}</strong>
              · priors version <strong data-testid="priors-version">${reading.priorsVersion}</strong>
              · updated ${new Date(reading.at).toLocaleTimeString()}`
            : nothing
        }</p>
    </header>
    ${error ? html`<p class="error" role="alert">Cannot read the edge: ${error}</p>` : nothing}
    ${
      reading && reading.stats.decisions.length === 0
        ? html`<p class="empty">No feedback has reached the edge yet. Like a few films in the demo.</p>`
        : nothing
    }
    ${reading ? reading.stats.decisions.map((d) => decisionTable(d, 40)) : nothing}`;
}
