import type { ExperimentResults, ExperimentState, MetricResults } from '@crowdbandit/protocol';
import { html, nothing, svg, type TemplateResult } from 'lit-html';
import { intervalBar } from '../charts/interval-bar.ts';
import { colour } from '../charts/palette.ts';
import { bandChart, lineChart } from '../charts/time-series.ts';
import { uplotChart } from '../charts/uplot-chart.ts';
import { count, pct, signedPct, when } from '../format.ts';
import { href } from '../router.ts';
import type { ExperimentView, State } from '../state.ts';
import type { Actions } from './page.ts';

const variationName = (state: ExperimentState, index: number) => {
  const v = state.variations[index];
  return v === undefined ? `#${index}` : (v.name ?? v.key);
};

function srmVerdict(results: ExperimentResults): TemplateResult {
  const { srm } = results;
  if (!srm.checked) {
    return html`<p class="notice" data-testid="srm">Sample ratio not checked yet: each variation needs ${srm.minUsers} exposed users.</p>`;
  }
  if (srm.mismatch) {
    return html`<p class="error" role="alert" data-testid="srm"><strong>Sample ratio mismatch</strong>: the users exposed
      do not fit the configured split (p = ${srm.pValue?.toExponential(2)} &lt; ${srm.threshold}). Assignment or
      tracking is broken somewhere: do not trust these results.</p>`;
  }
  return html`<p class="ok-note" data-testid="srm">No sample ratio mismatch (p = ${srm.pValue?.toFixed(3)} ≥ ${srm.threshold}).</p>`;
}

// Actual share of exposures per variation against its configured weight, as SVG bars.
function exposureBars(results: ExperimentResults): TemplateResult {
  const total = results.variations.reduce((sum, v) => sum + v.exposed, 0);
  const W = 240;
  return html`<table class="exposures" data-testid="exposures">
    <thead><tr><th scope="col">variation</th><th scope="col">exposed</th><th scope="col">share / expected</th></tr></thead>
    <tbody>${results.variations.map((v) => {
      const share = total > 0 ? v.exposed / total : 0;
      return html`<tr>
        <td><span class="swatch" style=${`background:${colour(v.index)}`}></span>${v.key}${v.index === 0 ? html` <small class="muted">control</small>` : nothing}</td>
        <td class="num">${count(v.exposed)}</td>
        <td><svg width=${W} height="14" role="img" aria-label=${`${pct(share)} of exposures, ${pct(v.weight)} expected`}>
          <rect width=${W} height="14" fill="#eceaf3" rx="3"></rect>
          ${svg`<rect width=${share * W} height="14" fill=${colour(v.index)} fill-opacity="0.7" rx="3"></rect>`}
          ${svg`<line x1=${v.weight * W} x2=${v.weight * W} y1="0" y2="14" stroke="#222" stroke-width="2"></line>`}
        </svg> <small>${pct(share)} / ${pct(v.weight)}</small></td>
      </tr>`;
    })}</tbody>
  </table>`;
}

function stopWords(metric: MetricResults, state: ExperimentState): TemplateResult {
  const leader = variationName(state, metric.stop.leader);
  if (!metric.stop.stop) {
    return html`<p class="notice" data-testid="stop-recommendation">Keep going: no stop recommended yet (leader so far: ${leader}).</p>`;
  }
  const why =
    metric.stop.reason === 'interval-excludes-zero'
      ? 'the confidence sequence of its difference to the control excludes zero'
      : 'the expected loss of choosing it is below the threshold';
  return html`<p class="ok-note" data-testid="stop-recommendation"><strong>Stop recommended: ship ${leader}</strong> — ${why}.</p>`;
}

function metricTable(metric: MetricResults): TemplateResult {
  const bounds = metric.variations.flatMap((v) =>
    v.versusControl ? [v.versusControl.uplift.lower ?? 0, v.versusControl.uplift.upper ?? 0] : [],
  );
  const reach = Math.max(0.05, ...bounds.map((b) => Math.abs(b)));
  return html`<table class="metric" data-testid="metric-table">
    <thead><tr><th scope="col">variation</th><th scope="col">exposed</th><th scope="col">converted</th><th scope="col">rate</th>
      <th scope="col">uplift (95%)</th><th scope="col" title="always-valid confidence sequence of the difference in rate">difference (CS)</th><th scope="col">chance to beat control</th><th scope="col">expected loss</th><th scope="col">P(best)</th></tr></thead>
    <tbody>${metric.variations.map((v) => {
      const u = v.versusControl?.uplift;
      return html`<tr>
        <td><span class="swatch" style=${`background:${colour(v.index)}`}></span>${v.key}</td>
        <td class="num">${count(v.exposed)}</td><td class="num">${count(v.converted)}</td><td class="num">${pct(v.rate, 2)}</td>
        <td>${
          u
            ? html`${intervalBar(u.mean, [u.lower, u.upper], {
                label: `uplift ${signedPct(u.mean)}, ${Math.round(u.level * 100)}% interval ${signedPct(u.lower)} to ${signedPct(u.upper)}`,
                domain: [-reach, reach],
                colour: colour(v.index),
              })}<br /><small>${signedPct(u.mean)} [${signedPct(u.lower)}, ${signedPct(u.upper)}]</small>`
            : html`<small class="muted">control</small>`
        }</td>
        <td class="num">${
          v.versusControl
            ? `${signedPct(v.versusControl.confidenceSequence.estimate)} [${signedPct(v.versusControl.confidenceSequence.lower)}, ${signedPct(v.versusControl.confidenceSequence.upper)}]`
            : '—'
        }</td>
        <td class="num">${v.versusControl ? pct(v.versusControl.chanceToBeatControl) : '—'}</td>
        <td class="num">${v.expectedLoss.toPrecision(2)}</td>
        <td class="num">${pct(v.probabilityBest)}</td>
      </tr>`;
    })}</tbody>
  </table>`;
}

function sequenceChart(metric: MetricResults, results: ExperimentResults) {
  const times = metric.history.map((h) => h.at);
  const lines = results.variations.slice(1).map((v) => ({
    label: `${v.key} − ${results.variations[0]?.key ?? 'control'}`,
    values: metric.history.map((h) => h.confidenceSequences[v.index]?.estimate ?? null),
    lower: metric.history.map((h) => h.confidenceSequences[v.index]?.lower ?? null),
    upper: metric.history.map((h) => h.confidenceSequences[v.index]?.upper ?? null),
  }));
  return bandChart(
    `cs-${metric.metric}`,
    'Confidence sequence of the difference in rate (always valid)',
    times,
    lines,
    {
      percent: true,
      zeroLine: true,
    },
  );
}

function exposuresChart(results: ExperimentResults) {
  return lineChart(
    'exposed',
    'Users exposed',
    results.history.map((h) => h.at),
    results.variations.map((v) => ({
      label: v.key,
      values: results.history.map((h) => h.exposed[v.index] ?? null),
    })),
    { percent: false },
  );
}

// The form control beside a button (its group's select or input).
function inGroup<T extends Element>(event: Event, selector: string): T {
  return (event.target as HTMLElement).closest('.group')!.querySelector(selector) as T;
}

function controls(view: ExperimentView, state: ExperimentState, actions: Actions): TemplateResult {
  const key = state.key;
  const busy = view.busy;
  const running = state.status === 'running';
  return html`<div class="controls" data-testid="controls">
    ${
      state.status !== 'running' && !state.archived
        ? html`<button ?disabled=${busy} data-testid="start" @click=${() =>
            actions.askConfirm({
              key,
              title:
                state.status === 'draft'
                  ? `Start ${key}`
                  : `Start phase ${state.phase + 1} of ${key}`,
              body:
                state.status === 'draft'
                  ? `Users start being assigned at ${pct(state.coverage, 0)} coverage with weights ${state.weights.map((w) => pct(w, 0)).join(' / ')}.`
                  : 'A new phase re-hashes every user with a new seed: users may change variation, and results start afresh.',
              confirmLabel: 'Start',
              action: { kind: 'start' },
            })}>Start</button>`
        : nothing
    }
    ${
      running
        ? html`<button ?disabled=${busy} data-testid="stop" @click=${() =>
            actions.askConfirm({
              key,
              title: `Stop ${key}`,
              body: `Everyone gets the control, ${variationName(state, 0)}, from the next snapshot on.`,
              confirmLabel: 'Stop',
              action: { kind: 'stop' },
            })}>Stop (everyone gets the control)</button>
          <span class="group"><label>Ship <select data-testid="winner">${state.variations.map((v, i) => html`<option value=${v.key} ?selected=${i === (view.results?.metrics[0]?.stop.leader ?? 1)}>${v.name ?? v.key}</option>`)}</select></label>
          <button ?disabled=${busy} data-testid="ship" @click=${(e: Event) => {
            const winner = inGroup<HTMLSelectElement>(e, 'select').value;
            actions.askConfirm({
              key,
              title: `Ship ${winner}`,
              body: `The experiment stops and every user gets ${winner} from the next snapshot on.`,
              confirmLabel: `Ship ${winner}`,
              action: { kind: 'stop', winner },
            });
          }}>Ship winner</button></span>
          <span class="group"><label>Coverage <input type="number" min="0" max="100" step="1" data-testid="coverage"
            .value=${String(Math.round(state.coverage * 100))} /> %</label>
          <button ?disabled=${busy} data-testid="apply-coverage" @click=${(e: Event) => {
            const value = Number(inGroup<HTMLInputElement>(e, 'input').value);
            const coverage = Math.min(100, Math.max(0, value)) / 100;
            actions.askConfirm({
              key,
              title: `Set coverage of ${key} to ${pct(coverage, 0)}`,
              body:
                coverage >= state.coverage
                  ? 'Raising coverage lets more users in; nobody already assigned changes variation.'
                  : 'Lowering coverage takes users out of the experiment: they get the control.',
              confirmLabel: 'Change coverage',
              action: { kind: 'coverage', coverage },
            });
          }}>Apply</button></span>`
        : nothing
    }
    ${
      !running && !state.archived
        ? html`<button class="quiet" ?disabled=${busy} @click=${() =>
            actions.askConfirm({
              key,
              title: `Archive ${key}`,
              body: 'Clients stop seeing it; its results stay readable here.',
              confirmLabel: 'Archive',
              action: { kind: 'archive' },
            })}>Archive</button>`
        : nothing
    }
  </div>`;
}

/** One experiment: its state, exposures with the SRM verdict, per-metric results, and its controls. */
export function experimentPage(state: State, actions: Actions): TemplateResult {
  const view = state.experiment;
  if (view === null) return html`<p class="muted">Reading…</p>`;
  const exp = view.state;
  const results = view.results;
  const metric =
    results?.metrics.find((m) => m.metric === view.metric) ?? results?.metrics[0] ?? null;
  return html`<div class="grid" data-testid="experiment">
    <header class="card wide page-head">
      <p><a href=${href({ page: 'experiments' })}>← experiments</a></p>
      <h2>${exp?.name ?? view.key} ${exp ? html`<span class=${`status ${exp.status}`} data-testid="status">${exp.archived ? 'archived' : exp.status}</span>` : nothing}</h2>
      ${view.error ? html`<p class="error" role="alert">${view.error}</p>` : nothing}
      ${
        exp
          ? html`<p class="muted">phase ${exp.phase} · coverage ${pct(exp.coverage, 0)} · weights ${exp.weights.map((w) => pct(w, 0)).join(' / ')}
            ${exp.decision ? html`· decision ${exp.decision}` : nothing}
            ${exp.startedAt ? html`· started ${when(exp.startedAt)}` : nothing}
            ${exp.stoppedAt ? html`· stopped ${when(exp.stoppedAt)}` : nothing}
            ${exp.status === 'stopped' ? html`· everyone gets <strong>${variationName(exp, exp.winner ?? 0)}</strong>` : nothing}</p>
            ${controls(view, exp, actions)}`
          : nothing
      }
      ${view.notice ? html`<p class=${view.notice.startsWith('Done') ? 'ok-note' : 'error'} role="status" data-testid="action-notice">${view.notice}</p>` : nothing}
    </header>
    ${view.resultsError ? html`<p class="notice wide" data-testid="results-missing">${view.resultsError}</p>` : nothing}
    ${
      results
        ? html`<section class="card wide" aria-labelledby="exposure-title">
            <h2 id="exposure-title">Exposures <small>phase ${results.phase}</small></h2>
            ${srmVerdict(results)} ${exposureBars(results)}
            ${results.history.length > 1 ? html`<div class="chart" ${uplotChart(exposuresChart(results))}></div>` : nothing}
          </section>
          <section class="card wide" aria-labelledby="metric-title">
            <h2 id="metric-title">Results
              ${
                results.metrics.length > 1
                  ? html`<select aria-label="metric" @change=${(e: Event) => actions.selectMetric((e.target as HTMLSelectElement).value)}>
                    ${results.metrics.map((m) => html`<option ?selected=${m === metric}>${m.metric}</option>`)}</select>`
                  : metric
                    ? html`<small>${metric.metric}</small>`
                    : nothing
              }
            </h2>
            ${
              metric && exp
                ? html`${stopWords(metric, exp)} ${metricTable(metric)}
                  ${metric.history.length > 1 ? html`<div class="chart" data-testid="chart-sequence" ${uplotChart(sequenceChart(metric, results))}></div>` : html`<p class="muted">The confidence sequence over time is drawn once the history has two moments (the edge keeps one per minute).</p>`}`
                : html`<p class="muted">No metrics yet.</p>`
            }
          </section>`
        : nothing
    }
  </div>`;
}
