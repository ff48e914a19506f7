import { html, nothing, type TemplateResult } from 'lit-html';
import type { LoggedAlert } from '../alerts-log.ts';
import { lineChart } from '../charts/time-series.ts';
import { uplotChart } from '../charts/uplot-chart.ts';
import { count, duration, pct, when } from '../format.ts';
import { armLabel } from '../history.ts';
import { href } from '../router.ts';
import type { State } from '../state.ts';

function eventsCard(state: State): TemplateResult {
  const t = state.throughput;
  const latest = t.times.length > 0 ? t.feedback.at(-1)! : null;
  return html`<section class="card" aria-labelledby="rate-title">
    <h2 id="rate-title">Events per minute</h2>
    <p class="figure" data-testid="events-per-minute">
      ${latest === null ? 'measuring…' : `${latest.toFixed(1)} feedback/min · ${t.impressions.at(-1)!.toFixed(1)} impressions/min`}
    </p>
    ${
      t.times.length < 2
        ? html`<p class="muted">Rates come from the change in the edge's raw totals between two readings (every 15 s and on every new priors version).</p>`
        : nothing
    }
    ${
      t.times.length < 2
        ? nothing
        : html`<div class="chart" data-testid="chart-rate" ${uplotChart(
            lineChart(
              'rate',
              '',
              t.times,
              [
                { label: 'feedback / min', values: t.feedback },
                { label: 'impressions / min', values: t.impressions },
              ],
              { percent: false },
            ),
          )}></div>`
    }
  </section>`;
}

function alertRow(entry: LoggedAlert): TemplateResult {
  const { alert } = entry;
  const ended = entry.endedAt;
  return html`<li class=${`alert ${alert.kind} ${ended === null ? 'open' : 'ended'}`}>
    <strong>${alert.kind}</strong> ${alert.message}
    <span class="muted">
      · ${alert.decision} / ${armLabel(alert.context, alert.arm)} ·
      ${entry.seenFirst ? 'first seen' : 'started'} ${when(entry.startedAt)}
      ${ended === null ? html`· <em>open</em>` : html`· ended ${when(ended)} (after ${duration(ended - entry.startedAt)})`}
    </span>
  </li>`;
}

function alertsCard(state: State): TemplateResult {
  const open = state.alerts.filter((a) => a.endedAt === null);
  return html`<section class="card wide" aria-labelledby="alerts-title" data-testid="alerts">
    <h2 id="alerts-title">Alerts <small>${open.length} open</small></h2>
    ${
      state.alerts.length === 0
        ? html`<p class="muted">None. Alerts: an arm above 70% of selections, success under the floor, a sudden shift caused by new clients.</p>`
        : html`<ul class="alerts">${state.alerts.map(alertRow)}</ul>`
    }
    <p class="muted small">${
      state.alertsFromEdge
        ? "The edge's alert log of the last 7 days: it evaluates the alerts once a minute while feedback arrives and on each read, and keeps each one's start, end and worst reading."
        : "This edge keeps no alert log: an alert ends when a reading no longer lists it, and start times without the edge's own are when this tab first saw it."
    }</p>
  </section>`;
}

function decisionsCard(state: State): TemplateResult {
  const decisions = state.stats?.decisions ?? [];
  return html`<section class="card wide" aria-labelledby="decisions-title">
    <h2 id="decisions-title">Decisions</h2>
    ${
      decisions.length === 0
        ? html`<p class="muted" data-testid="no-decisions">No feedback has reached the edge yet. Like a few films in the demo.</p>`
        : html`<table>
          <thead><tr><th scope="col">decision</th><th scope="col">arm keys</th><th scope="col">evidence</th>
            <th scope="col">leader (P(best))</th><th scope="col">κ</th><th scope="col">open alerts</th></tr></thead>
          <tbody>${decisions.map((d) => {
            const leader = d.arms.reduce<(typeof d.arms)[number] | null>(
              (best, a) => (best === null || a.pBest > best.pBest ? a : best),
              null,
            );
            const kappa = state.priors?.kappa?.[d.decision];
            return html`<tr>
              <td><a href=${href({ page: 'decision', decision: d.decision })}>${d.decision}</a></td>
              <td>${count(d.arms.length)}</td>
              <td>${count(d.arms.reduce((sum, a) => sum + a.s + a.f, 0))}</td>
              <td>${leader ? html`${armLabel(leader.context, leader.arm)} (${pct(leader.pBest)})` : '—'}</td>
              <td>${kappa ? `${count(kappa.value)} (${kappa.source})` : '—'}</td>
              <td>${d.alerts.length}</td>
            </tr>`;
          })}</tbody>
        </table>`
    }
  </section>`;
}

/** Overview: the edge, events per minute, the decisions, and alerts with their times. */
export function overviewPage(state: State): TemplateResult {
  const priors = state.priors;
  return html`<div class="grid overview" data-testid="overview">
    <section class="card" aria-labelledby="edge-title">
      <h2 id="edge-title">Edge</h2>
      <dl>
        <dt>health</dt><dd data-testid="health-detail">${state.health?.state ?? 'checking'}${
          state.health && (state.health.state === 'unknown' || state.health.state === 'down')
            ? html` <small class="muted">(${state.health.reason})</small>`
            : nothing
        }</dd>
        <dt>priors version</dt><dd>${priors?.version ?? '—'}</dd>
        <dt>published</dt><dd>${priors ? when(priors.generatedAt) : '—'}</dd>
        <dt>shards</dt><dd>${priors ? Object.keys(priors.shards).length : '—'}</dd>
        <dt>updates</dt><dd>${state.live === 'websocket' ? 'live (WebSocket)' : state.live === 'polling' ? 'polling with ETag every 5 s' : 'connecting'}</dd>
      </dl>
    </section>
    ${eventsCard(state)} ${decisionsCard(state)} ${alertsCard(state)}
  </div>`;
}
