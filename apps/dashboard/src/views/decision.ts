import type { StatsArm } from '@crowdbandit/protocol';
import { html, nothing, type TemplateResult } from 'lit-html';
import { decisionCharts } from '../charts/decision-charts.ts';
import { uplotChart } from '../charts/uplot-chart.ts';
import { count, when } from '../format.ts';
import { armId, armLabel, type History } from '../history.ts';
import type { State } from '../state.ts';
import { armDensity } from './arm-density.ts';
import { armHistory } from './arm-history.ts';
import { leaderboard } from './leaderboard.ts';
import type { Actions } from './page.ts';

/** Arms drawn in the time series: the leaders by P(best) now, and the selected arm. */
const CHART_ARMS = 6;

function historyNote(state: State, history: History | undefined): TemplateResult {
  if (state.historySupport === 'edge') {
    return html`<p class="muted small" data-testid="history-source">History from the edge, ${history?.step ?? 'minute'} buckets, last 24 hours, then the current reading.</p>`;
  }
  if (state.historySupport === 'unavailable') {
    return html`<p class="notice" data-testid="history-unavailable"><strong>History not available on this edge</strong>
      (it has no <code>/history</code> endpoint). The charts show what this tab recorded since you signed in${
        history && history.arms.size > 0 ? '' : ' (nothing yet)'
      }; they reset when the tab closes.</p>`;
  }
  return html`<p class="muted small">${state.historyNote ?? 'Asking the edge for history…'}</p>`;
}

// The decision's κ in the priors when the edge estimated it from the clients.
function liveKappa(state: State, decision: string): number | null {
  const k = state.priors?.kappa?.[decision];
  return k === undefined || k.source === 'fallback' ? null : k.value;
}

function kappaFallback(state: State, decision: string): string {
  const k = state.priors?.kappa?.[decision];
  return k === undefined ? 'the SDK default of 100' : `its fallback of ${count(k.value)}`;
}

function charts(
  state: State,
  decision: string,
  arms: readonly StatsArm[],
  selected: string | null,
) {
  const history =
    state.historySupport === 'edge' ? state.histories.get(decision) : state.recorded.get(decision);
  const leaders = [...arms].sort((a, b) => b.pBest - a.pBest).slice(0, CHART_ARMS);
  const chosen = leaders.map((a) => ({
    id: armId(a.context, a.arm),
    label: armLabel(a.context, a.arm),
  }));
  const extra = arms.find((a) => armId(a.context, a.arm) === selected);
  if (extra && !chosen.some((c) => c.id === selected)) {
    chosen.push({ id: selected!, label: armLabel(extra.context, extra.arm) });
  }
  const generatedAt = state.stats?.generatedAt;
  const live =
    generatedAt === undefined
      ? null
      : {
          t: generatedAt,
          kappa: liveKappa(state, decision),
          points: new Map(
            arms.map((a) => [
              armId(a.context, a.arm),
              {
                t: generatedAt,
                s: a.s,
                f: a.f,
                n: a.n,
                share: a.share,
                pBest: a.pBest,
              },
            ]),
          ),
        };
  const drawn = history ? decisionCharts(history, chosen, live) : null;
  return html`<section class="card wide" aria-labelledby="series-title">
    <h2 id="series-title">Over time <small>the ${chosen.length} leading arms by P(best)${
      arms.length > chosen.length ? ` of ${count(arms.length)}` : ''
    }</small></h2>
    ${historyNote(state, history)}
    ${
      drawn === null || drawn.points < 2
        ? html`<p class="muted" data-testid="history-waiting">Charts appear once there are two moments to compare.</p>`
        : nothing
    }
    ${
      drawn && drawn.points >= 2
        ? html`<div class="charts" data-testid="charts">
          <div class="chart" data-testid="chart-mean" ${uplotChart(drawn.mean)}></div>
          <div class="chart" data-testid="chart-pbest" ${uplotChart(drawn.pBest)}></div>
          ${
            drawn.shares
              ? html`<div class="chart" data-testid="chart-share" ${uplotChart(drawn.share)}></div>`
              : html`<p class="muted" data-testid="no-shares"><strong>Selection share</strong>: no impressions reported for these arms, so no shares (the SDK reports one per arm it shows).</p>`
          }
          ${
            drawn.kappa
              ? html`<div class="chart" data-testid="chart-kappa" ${uplotChart(drawn.kappa)}></div>`
              : html`<p class="muted" data-testid="no-kappa"><strong>κ</strong>: not estimated yet (it needs clients with 10 or more events each); until then a newcomer's prior counts the crowd's evidence up to ${kappaFallback(state, decision)}.</p>`
          }
        </div>`
        : nothing
    }
  </section>`;
}

/** A decision: its charts over time, the leaderboard, and the selected arm's Beta densities. */
export function decisionPage(state: State, decision: string, actions: Actions): TemplateResult {
  const stats = state.stats?.decisions.find((d) => d.decision === decision);
  if (!stats) {
    return html`<p class="muted" data-testid="decision-empty">${
      state.stats ? `No arm keys in “${decision}” yet.` : 'Reading the stats…'
    }</p>`;
  }
  const view = actions.table(decision);
  const contexts = [...new Set(stats.arms.map((a) => a.context))].sort();
  const context =
    view.context !== null && contexts.includes(view.context)
      ? view.context
      : contexts.includes('')
        ? ''
        : contexts[0]!;
  const arms = stats.arms.filter((a) => a.context === context);
  const selectedArm =
    arms.find((a) => armId(a.context, a.arm) === view.selected) ??
    arms.reduce<StatsArm | null>(
      (best, a) => (best === null || a.pBest > best.pBest ? a : best),
      null,
    );
  const alerts = stats.alerts.filter((a) => a.context === context);
  return html`<div class="grid" data-testid="decision">
    <header class="card wide page-head">
      <h2>${decision}</h2>
      ${
        contexts.length > 1
          ? html`<label>context <select @change=${(e: Event) => actions.updateTable(decision, { context: (e.target as HTMLSelectElement).value, selected: null, scrollTop: 0 })}>
            ${contexts.map((c) => html`<option value=${c} ?selected=${c === context}>${c === '' ? '(none)' : c}</option>`)}
          </select></label>`
          : nothing
      }
      <span class="muted">${count(arms.length)} arm keys · stats of ${state.statsAt ? when(state.statsAt) : '—'}</span>
      ${alerts.length > 0 ? html`<ul class="alerts">${alerts.map((a) => html`<li class=${`alert ${a.kind} open`}>${a.message}</li>`)}</ul>` : nothing}
    </header>
    <section class="card wide" aria-labelledby="board-title">
      <h2 id="board-title">Leaderboard</h2>
      ${leaderboard(decision, arms, view, actions)}
    </section>
    ${charts(state, decision, arms, selectedArm ? armId(selectedArm.context, selectedArm.arm) : null)}
    ${
      selectedArm
        ? armDensity(
            state.priors,
            decision,
            selectedArm,
            armHistory(
              state.historySupport === 'edge'
                ? state.histories.get(decision)
                : state.recorded.get(decision),
              armId(selectedArm.context, selectedArm.arm),
            ),
          )
        : nothing
    }
  </div>`;
}
