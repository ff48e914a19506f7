import {
  type AlertLog,
  AlertLogSchema,
  type PriorsSnapshot,
  type Stats,
  StatsSchema,
} from '@crowdbandit/protocol';
import { decodePriorsSnapshot } from '@crowdbandit/protocol/client';
import { render } from 'lit-html';
import { fromEdgeLog, logAlerts } from './alerts-log.ts';
import { type Decode, decodeBy, describeFailure, EdgeClient } from './edge-client.ts';
import { act, getExperiment, getResults, listExperiments } from './experiments-client.ts';
import { probeHealth } from './health.ts';
import { emptyHistory, lastTime, mergeHistory, recordStats } from './history.ts';
import { fetchHistory } from './history-client.ts';
import { connectLive } from './live.ts';
import { parseRoute } from './router.ts';
import { clearSession, loadSession, type Session, saveSession } from './session.ts';
import type { PendingConfirm, State, TableView } from './state.ts';
import { emptyThroughput, recordThroughput, sumRawTotals } from './throughput.ts';
import { type Actions, page } from './views/page.ts';

/** The browser parts the dashboard uses, injectable for tests. */
export interface Platform {
  readonly storage: Storage;
  readonly fetch: typeof fetch;
  readonly WebSocket: typeof WebSocket;
  readonly location: Location;
  readonly history: History;
  readonly now: () => number;
}

const decodeStats = decodeBy<Stats>(StatsSchema);
const decodeAlertLog = decodeBy<AlertLog>(AlertLogSchema);
const decodePriors: Decode<PriorsSnapshot> = (body) => {
  const result = decodePriorsSnapshot(body);
  return result.ok ? result : { ok: false, message: result.error.message };
};
const anyJson: Decode<unknown> = (body) => ({ ok: true, value: body });

/** How far back the decision page's history reaches, and how often health is asked. */
const HISTORY_WINDOW_MS = 24 * 3_600_000;
/** How far back the overview lists ended alerts. */
const ALERTS_WINDOW_MS = 7 * 24 * 3_600_000;
const TICK_MS = 15_000;

function freshTable(): TableView {
  return {
    query: '',
    sort: 'pBest',
    descending: true,
    showAll: false,
    scrollTop: 0,
    context: null,
    selected: null,
  };
}

/**
 * The ops dashboard: holds the state, talks to the edge, and draws the page on every change.
 *
 * @example
 * new Dashboard(document.getElementById('app')!, browserPlatform()).start();
 */
export class Dashboard implements Actions {
  readonly #root: HTMLElement;
  readonly #platform: Platform;
  readonly #state: State;
  #edge: EdgeClient | null = null;
  #live: { close(): void } | null = null;
  #tick: ReturnType<typeof setInterval> | null = null;
  #renderQueued = false;
  #refreshing: Promise<void> | null = null;
  #refreshAgain = false;

  constructor(root: HTMLElement, platform: Platform) {
    this.#root = root;
    this.#platform = platform;
    this.#state = {
      session: null,
      signIn: { message: null, busy: false, notice: null },
      route: parseRoute(platform.location.hash),
      health: null,
      live: 'connecting',
      stats: null,
      statsAt: null,
      error: null,
      priors: null,
      priorsEtag: null,
      alerts: [],
      alertsFromEdge: null,
      throughput: emptyThroughput(),
      historySupport: 'unknown',
      historyNote: null,
      histories: new Map(),
      recorded: new Map(),
      tables: new Map(),
      experiments: null,
      experimentsError: null,
      experiment: null,
      confirm: null,
    };
  }

  /** Reads the session (if any) and the route, and starts reading from the edge. */
  start(): void {
    const { location, history } = this.#platform;
    const url = new URL(location.href);
    if (url.searchParams.has('token')) {
      // Tokens once came in the query string, where they land in history and logs.
      url.searchParams.delete('token');
      history.replaceState(null, '', url);
      this.#state.signIn.notice =
        'A token in the address is ignored: sign in here instead (it stays in this tab only).';
    }
    globalThis.addEventListener('hashchange', () => this.#navigate());
    const session = loadSession(this.#platform.storage);
    if (session) this.#begin(session);
    this.render();
  }

  get state(): State {
    return this.#state;
  }

  /** Draws the page (at most once per microtask). */
  render(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    queueMicrotask(() => {
      this.#renderQueued = false;
      render(page(this.#state, this), this.#root);
    });
  }

  // Sign-in and sign-out.

  async signIn(form: Session): Promise<void> {
    const candidate: Session = {
      edgeUrl: form.edgeUrl.trim().replace(/\/+$/, ''),
      app: form.app.trim(),
      token: form.token.trim(),
      publishableKey: form.publishableKey.trim(),
    };
    const { signIn } = this.#state;
    if (Object.values(candidate).some((v) => v === '')) {
      signIn.message = 'Fill in every field.';
      this.render();
      return;
    }
    signIn.busy = true;
    signIn.message = null;
    this.render();
    const probe = new EdgeClient(candidate, { fetch: this.#platform.fetch });
    const reply = await probe.admin('/stats', decodeStats);
    signIn.busy = false;
    if (!reply.ok) {
      signIn.message =
        reply.failure.kind === 'unauthorized'
          ? `The edge refused this admin token for app “${candidate.app}” (${reply.failure.status}). Check the token and try again.`
          : reply.failure.kind === 'unreachable'
            ? `Cannot reach an edge at ${candidate.edgeUrl}: is it running, and does it allow this page's origin?`
            : `The edge answered: ${describeFailure(reply.failure)}`;
      this.render();
      return;
    }
    const session = saveSession(this.#platform.storage, candidate);
    signIn.message = null;
    signIn.notice = null;
    this.#begin(session, reply.value);
    this.render();
  }

  signOut(message: string | null = null): void {
    clearSession(this.#platform.storage);
    this.#stop();
    const s = this.#state;
    s.session = null;
    s.signIn = { message, busy: false, notice: message === null ? 'Signed out.' : null };
    s.stats = null;
    s.priors = null;
    s.priorsEtag = null;
    s.alerts = [];
    s.alertsFromEdge = null;
    s.throughput = emptyThroughput();
    s.histories = new Map();
    s.recorded = new Map();
    s.historySupport = 'unknown';
    s.experiments = null;
    s.experiment = null;
    s.confirm = null;
    s.error = null;
    this.render();
  }

  #begin(session: Session, stats?: Stats): void {
    this.#state.session = session;
    this.#edge = new EdgeClient(session, {
      fetch: this.#platform.fetch,
      onUnauthorized: () =>
        this.signOut(
          'The edge refused the admin token (401): it may have been rotated. Sign in again.',
        ),
    });
    if (stats) this.#takeStats(stats);
    this.#live = connectLive({
      edgeUrl: session.edgeUrl,
      app: session.app,
      publishableKey: session.publishableKey,
      WebSocket: this.#platform.WebSocket,
      onMode: (mode) => {
        this.#state.live = mode;
        this.render();
      },
      onVersion: (kind) => {
        if (kind === 'priors') void this.refresh();
        else void this.#refreshExperiments();
      },
      onPoll: () => void this.refresh(),
    });
    this.#tick = setInterval(() => void this.#tickOnce(), TICK_MS);
    void this.#tickOnce();
    void this.refresh(true);
    void this.#loadRoute();
  }

  #stop(): void {
    this.#live?.close();
    this.#live = null;
    if (this.#tick !== null) clearInterval(this.#tick);
    this.#tick = null;
    this.#edge = null;
  }

  // Reading from the edge.

  async #tickOnce(): Promise<void> {
    const session = this.#state.session;
    if (!session) return;
    this.#state.health = await probeHealth(session.edgeUrl, this.#platform.fetch);
    await this.#readTotals();
    this.render();
  }

  async #readTotals(): Promise<void> {
    const edge = this.#edge;
    if (!edge) return;
    const reply = await edge.admin('/totals', anyJson);
    const sums = reply.ok ? sumRawTotals(reply.value) : null;
    if (sums) recordThroughput(this.#state.throughput, this.#platform.now(), sums);
  }

  /**
   * Reads what changed: the priors (with their ETag, so an unchanged version costs a 304 and
   * nothing else is read unless `force`), then stats, totals, and the open page's data.
   */
  refresh(force = false): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = this.#refreshOnce(force).finally(() => {
      this.#refreshing = null;
      if (this.#refreshAgain) {
        this.#refreshAgain = false;
        void this.refresh(true);
      }
    });
    return this.#refreshing;
  }

  async #refreshOnce(force: boolean): Promise<void> {
    const edge = this.#edge;
    if (!edge) return;
    const s = this.#state;
    const priors = await edge.conditional('/priors', decodePriors, s.priorsEtag);
    if (priors.ok && priors.value !== null) {
      s.priors = priors.value;
      s.priorsEtag = priors.etag;
    }
    if (!priors.ok && priors.failure.kind === 'unreachable') {
      s.error = describeFailure(priors.failure);
      s.health = await probeHealth(edge.session.edgeUrl, this.#platform.fetch);
      this.render();
      return;
    }
    const changed = !priors.ok || priors.value !== null;
    if (!changed && !force) return;
    const stats = await edge.admin('/stats', decodeStats);
    if (this.#edge !== edge) return;
    if (stats.ok) {
      this.#takeStats(stats.value);
      s.error = priors.ok ? null : `priors: ${describeFailure(priors.failure)}`;
    } else s.error = describeFailure(stats.failure);
    await this.#readAlerts();
    await this.#readTotals();
    const route = s.route;
    if (route.page === 'decision') await this.#readHistory(route.decision);
    if (route.page === 'experiment') await this.#readExperiment(route.key);
    this.render();
  }

  #takeStats(stats: Stats): void {
    const s = this.#state;
    const at = this.#platform.now();
    s.stats = stats;
    s.statsAt = at;
    if (s.alertsFromEdge !== true) {
      s.alerts = logAlerts(
        s.alerts,
        stats.decisions.flatMap((d) => d.alerts),
        at,
      );
    }
    if (s.historySupport === 'edge') return;
    for (const decision of stats.decisions) {
      let recorded = s.recorded.get(decision.decision);
      if (!recorded) {
        recorded = emptyHistory(decision.decision, 'tab');
        s.recorded.set(decision.decision, recorded);
      }
      recordStats(recorded, decision, stats.generatedAt);
    }
  }

  // The edge's alert log, with start and end times that outlive this tab; an edge without
  // one leaves the alerts to the log this tab keeps from the stats it reads.
  async #readAlerts(): Promise<void> {
    const edge = this.#edge;
    const s = this.#state;
    if (!edge || s.alertsFromEdge === false) return;
    const since = Math.floor(this.#platform.now() - ALERTS_WINDOW_MS);
    const reply = await edge.admin(`/alerts?since=${since}`, decodeAlertLog);
    if (this.#edge !== edge) return;
    if (reply.ok) {
      s.alertsFromEdge = true;
      s.alerts = fromEdgeLog(reply.value.alerts);
    } else if (reply.failure.kind === 'not-found') s.alertsFromEdge = false;
  }

  async #readHistory(decision: string): Promise<void> {
    const edge = this.#edge;
    const s = this.#state;
    if (!edge || s.historySupport === 'unavailable') return;
    const now = this.#platform.now();
    let held = s.histories.get(decision);
    const last = held ? lastTime(held) : null;
    const reply = await fetchHistory(edge, decision, {
      from: last ?? now - HISTORY_WINDOW_MS,
      to: now,
      step: 'minute',
    });
    if (reply.kind === 'unavailable') {
      s.historySupport = 'unavailable';
      s.historyNote = reply.message;
      return;
    }
    if (reply.kind === 'failed') {
      s.historyNote = describeFailure(reply.failure);
      return;
    }
    s.historySupport = 'edge';
    s.historyNote = null;
    if (!held) {
      held = emptyHistory(decision, 'edge');
      s.histories.set(decision, held);
    }
    held.step = reply.payload.step;
    mergeHistory(held, reply.payload.arms, reply.payload.kappa);
  }

  async #refreshExperiments(): Promise<void> {
    const edge = this.#edge;
    if (!edge) return;
    const s = this.#state;
    const reply = await listExperiments(edge);
    if (reply.ok) {
      s.experiments = reply.value;
      s.experimentsError = null;
    } else {
      s.experimentsError =
        reply.failure.kind === 'not-found'
          ? 'This edge has no experiments API.'
          : describeFailure(reply.failure);
    }
    if (s.route.page === 'experiment') await this.#readExperiment(s.route.key);
    this.render();
  }

  async #readExperiment(key: string): Promise<void> {
    const edge = this.#edge;
    const s = this.#state;
    if (!edge) return;
    if (s.experiment?.key !== key) {
      s.experiment = {
        key,
        state: null,
        results: null,
        error: null,
        resultsError: null,
        notice: null,
        busy: false,
        metric: null,
      };
    }
    const view = s.experiment;
    const [state, results] = await Promise.all([getExperiment(edge, key), getResults(edge, key)]);
    if (state.ok) {
      view.state = state.value;
      view.error = null;
    } else {
      view.error =
        state.failure.kind === 'not-found'
          ? `No experiment “${key}” on this edge.`
          : describeFailure(state.failure);
    }
    if (results.ok) {
      view.results = results.value;
      view.resultsError = null;
    } else {
      view.resultsError =
        results.failure.kind === 'not-found'
          ? 'No results for this experiment on this edge (a draft, or an edge without the results route).'
          : describeFailure(results.failure);
    }
  }

  async #loadRoute(): Promise<void> {
    const route = this.#state.route;
    if (!this.#edge) return;
    if (route.page === 'decision') await this.#readHistory(route.decision);
    if (route.page === 'experiments' || route.page === 'experiment') {
      await this.#refreshExperiments();
    }
    this.render();
  }

  #navigate(): void {
    this.#state.route = parseRoute(this.#platform.location.hash);
    this.#state.confirm = null;
    this.render();
    void this.#loadRoute();
  }

  // What the pages may ask for.

  table(decision: string): TableView {
    let view = this.#state.tables.get(decision);
    if (!view) {
      view = freshTable();
      this.#state.tables.set(decision, view);
    }
    return view;
  }

  updateTable(decision: string, change: Partial<TableView>): void {
    Object.assign(this.table(decision), change);
    this.render();
  }

  askConfirm(pending: PendingConfirm): void {
    this.#state.confirm = pending;
    this.render();
  }

  cancelConfirm(): void {
    this.#state.confirm = null;
    this.render();
  }

  async confirm(): Promise<void> {
    const pending = this.#state.confirm;
    const edge = this.#edge;
    const view = this.#state.experiment;
    if (!pending || !edge || !view) return;
    this.#state.confirm = null;
    view.busy = true;
    view.notice = null;
    this.render();
    const reply = await act(edge, pending.key, pending.action);
    view.busy = false;
    if (reply.ok) {
      view.state = reply.value;
      view.notice = `Done: ${pending.title.toLowerCase()}.`;
      view.error = null;
    } else {
      view.notice = `Refused: ${describeFailure(reply.failure)}`;
    }
    await this.#refreshExperiments();
  }

  selectMetric(metric: string): void {
    if (this.#state.experiment) this.#state.experiment.metric = metric;
    this.render();
  }
}
