import type {
  ExperimentResults,
  ExperimentState,
  ExperimentsSnapshot,
  PriorsSnapshot,
  Stats,
} from '@crowdbandit/protocol';
import type { LoggedAlert } from './alerts-log.ts';
import type { ExperimentAction } from './experiments-client.ts';
import type { Health } from './health.ts';
import type { History } from './history.ts';
import type { LiveMode } from './live.ts';
import type { Route } from './router.ts';
import type { Session } from './session.ts';
import type { Throughput } from './throughput.ts';

/** How the leaderboard of one decision is searched, sorted and cut. */
export interface TableView {
  query: string;
  sort: 'pBest' | 'mean' | 'share' | 'evidence' | 'arm';
  descending: boolean;
  showAll: boolean;
  scrollTop: number;
  context: string | null;
  selected: string | null;
}

/** Whether the edge serves history: not asked yet, yes, or no (a 404). */
export type HistorySupport = 'unknown' | 'edge' | 'unavailable';

/** One experiment's page. */
export interface ExperimentView {
  readonly key: string;
  state: ExperimentState | null;
  results: ExperimentResults | null;
  error: string | null;
  resultsError: string | null;
  notice: string | null;
  busy: boolean;
  metric: string | null;
}

/** An action waiting for the admin's confirmation. */
export interface PendingConfirm {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly key: string;
  readonly action: ExperimentAction;
}

/** Everything the pages are drawn from. */
export interface State {
  session: Session | null;
  signIn: { message: string | null; busy: boolean; notice: string | null };
  route: Route;
  health: Health | null;
  live: LiveMode;
  stats: Stats | null;
  statsAt: number | null;
  error: string | null;
  priors: PriorsSnapshot | null;
  priorsEtag: string | null;
  alerts: LoggedAlert[];
  /** Whether the alerts come from the edge's log (null: not asked yet). */
  alertsFromEdge: boolean | null;
  throughput: Throughput;
  historySupport: HistorySupport;
  historyNote: string | null;
  /** Per decision, from the edge's history endpoint. */
  histories: Map<string, History>;
  /** Per decision, recorded by this tab from the stats it read (for an edge without history). */
  recorded: Map<string, History>;
  tables: Map<string, TableView>;
  experiments: ExperimentsSnapshot | null;
  experimentsError: string | null;
  experiment: ExperimentView | null;
  confirm: PendingConfirm | null;
}
