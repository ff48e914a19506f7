import { html, nothing, type TemplateResult } from 'lit-html';
import { pct, when } from '../format.ts';
import { href } from '../router.ts';
import type { State } from '../state.ts';

/** The experiments that are not archived, with links to their results. */
export function experimentsPage(state: State): TemplateResult {
  const snapshot = state.experiments;
  const list = snapshot ? Object.values(snapshot.experiments) : [];
  list.sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0) || a.key.localeCompare(b.key));
  return html`<section class="card wide" aria-labelledby="experiments-title" data-testid="experiments">
    <h2 id="experiments-title">Experiments ${snapshot ? html`<small>version ${snapshot.version}</small>` : nothing}</h2>
    ${state.experimentsError ? html`<p class="error" role="alert">${state.experimentsError}</p>` : nothing}
    ${
      snapshot === null && !state.experimentsError
        ? html`<p class="muted">Reading…</p>`
        : list.length === 0
          ? html`<p class="muted" data-testid="no-experiments">No experiments. Create one with <code>POST /v1/apps/:app/experiments</code> (see worker/README.md).</p>`
          : html`<table>
            <thead><tr><th scope="col">experiment</th><th scope="col">status</th><th scope="col">phase</th>
              <th scope="col">decision</th><th scope="col">variations</th><th scope="col">coverage</th><th scope="col">started</th></tr></thead>
            <tbody>${list.map(
              (e) => html`<tr>
                <td><a href=${href({ page: 'experiment', key: e.key })}>${e.name ?? e.key}</a>
                  ${e.name ? html`<small class="muted">${e.key}</small>` : nothing}</td>
                <td><span class=${`status ${e.status}`}>${e.status}</span></td>
                <td>${e.phase}</td>
                <td>${e.decision ?? '—'}</td>
                <td>${e.variations.map((v, i) => `${v.key} ${pct(e.weights[i], 0)}`).join(' · ')}</td>
                <td>${pct(e.coverage, 0)}</td>
                <td>${e.startedAt ? when(e.startedAt) : '—'}</td>
              </tr>`,
            )}</tbody>
          </table>`
    }
  </section>`;
}
