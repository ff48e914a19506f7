import { html, nothing, type TemplateResult } from 'lit-html';
import { duration, when } from '../format.ts';
import type { Health } from '../health.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import type { PendingConfirm, State, TableView } from '../state.ts';
import { confirmDialog } from './confirm-dialog.ts';
import { decisionPage } from './decision.ts';
import { experimentPage } from './experiment.ts';
import { experimentsPage } from './experiments.ts';
import { overviewPage } from './overview.ts';
import { signInPage } from './sign-in.ts';

/** What the pages may ask the dashboard to do. */
export interface Actions {
  signIn(form: Session): Promise<void>;
  signOut(message?: string | null): void;
  refresh(force?: boolean): Promise<void>;
  table(decision: string): TableView;
  updateTable(decision: string, change: Partial<TableView>): void;
  askConfirm(pending: PendingConfirm): void;
  cancelConfirm(): void;
  confirm(): Promise<void>;
  selectMetric(metric: string): void;
}

function healthBadge(health: Health | null): TemplateResult {
  if (health === null) return html`<span class="badge" data-testid="health">checking…</span>`;
  const words: Record<Health['state'], string> = {
    up: 'up',
    unhealthy: 'unhealthy',
    unknown: 'unknown',
    down: 'down',
  };
  const title =
    health.state === 'unknown' || health.state === 'down'
      ? health.reason
      : health.state === 'unhealthy'
        ? `/health answered ${health.status}`
        : `protocol ${health.protocol ?? '?'}`;
  return html`<span class=${`badge ${health.state}`} data-testid="health" title=${title}
    >edge ${words[health.state]}</span>`;
}

function nav(state: State): TemplateResult {
  const route = state.route;
  const decisions = state.stats?.decisions.map((d) => d.decision) ?? [];
  const current = (on: boolean) => (on ? 'page' : nothing);
  return html`<nav aria-label="pages">
    <a href=${href({ page: 'overview' })} aria-current=${current(route.page === 'overview')}>Overview</a>
    ${decisions.map(
      (d) =>
        html`<a href=${href({ page: 'decision', decision: d })}
          aria-current=${current(route.page === 'decision' && route.decision === d)}>${d}</a>`,
    )}
    <a href=${href({ page: 'experiments' })}
      aria-current=${current(route.page === 'experiments' || route.page === 'experiment')}>Experiments</a>
  </nav>`;
}

function content(state: State, actions: Actions): TemplateResult {
  const route = state.route;
  switch (route.page) {
    case 'overview':
      return overviewPage(state);
    case 'decision':
      return decisionPage(state, route.decision, actions);
    case 'experiments':
      return experimentsPage(state);
    case 'experiment':
      return experimentPage(state, actions);
  }
}

/** The whole page: sign-in while nobody is signed in, else the header, navigation and the route's page. */
export function page(state: State, actions: Actions): TemplateResult {
  const session = state.session;
  if (session === null) return signInPage(state, actions);
  const age = state.statsAt === null ? null : Date.now() - state.statsAt;
  return html`<header class="top">
      <h1>crowdbandit <span>ops</span></h1>
      <p class="where">
        app <strong data-testid="app">${session.app}</strong> at <code>${session.edgeUrl}</code>
        ${healthBadge(state.health)}
        <span class="badge live" data-testid="live" title="how this page hears of new data"
          >${state.live === 'websocket' ? 'live' : state.live === 'polling' ? 'polling' : 'connecting'}</span>
        · priors version <strong data-testid="priors-version">${state.priors?.version ?? '—'}</strong>
        ${state.statsAt !== null ? html`· read ${when(state.statsAt)}${age !== null && age > 60_000 ? ` (${duration(age)} ago)` : ''}` : nothing}
      </p>
      <button class="quiet" data-testid="sign-out" @click=${() => actions.signOut()}>Sign out</button>
    </header>
    ${nav(state)}
    ${state.error ? html`<p class="error" role="alert">Cannot read the edge: ${state.error}</p>` : nothing}
    <main>${content(state, actions)}</main>
    ${state.confirm ? confirmDialog(state.confirm, actions) : nothing}`;
}
