import {
  type ExperimentResults,
  ExperimentResultsSchema,
  type ExperimentState,
  ExperimentStateSchema,
  type ExperimentsSnapshot,
  ExperimentsSnapshotSchema,
} from '@crowdbandit/protocol';
import { decodeBy, type EdgeClient, type Reply } from './edge-client.ts';

const decodeSnapshot = decodeBy<ExperimentsSnapshot>(ExperimentsSnapshotSchema);
const decodeState = decodeBy<ExperimentState>(ExperimentStateSchema);
const decodeResults = decodeBy<ExperimentResults>(ExperimentResultsSchema);

const path = (key: string, rest = '') => `/experiments/${encodeURIComponent(key)}${rest}`;

/** Every experiment that is not archived, as clients see them (publishable key). */
export function listExperiments(edge: EdgeClient): Promise<Reply<ExperimentsSnapshot>> {
  return edge.keyed('/experiments', decodeSnapshot);
}

/** One experiment with its phases (admin). */
export function getExperiment(edge: EdgeClient, key: string): Promise<Reply<ExperimentState>> {
  return edge.admin(path(key), decodeState);
}

/** The current phase's results (admin). */
export function getResults(edge: EdgeClient, key: string): Promise<Reply<ExperimentResults>> {
  return edge.admin(path(key, '/results'), decodeResults);
}

/**
 * What an admin can do to an experiment: start (a draft, or a new phase of a stopped one),
 * stop (everyone gets `winner`, or the control without one), archive, or change coverage.
 */
export type ExperimentAction =
  | { readonly kind: 'start' }
  | { readonly kind: 'stop'; readonly winner?: string }
  | { readonly kind: 'archive' }
  | { readonly kind: 'coverage'; readonly coverage: number };

/** Sends an action (admin); the answer is the experiment's new state. */
export function act(
  edge: EdgeClient,
  key: string,
  action: ExperimentAction,
): Promise<Reply<ExperimentState>> {
  switch (action.kind) {
    case 'start':
      return edge.admin(path(key, '/start'), decodeState, { method: 'POST' });
    case 'stop':
      return edge.admin(path(key, '/stop'), decodeState, {
        method: 'POST',
        body: action.winner === undefined ? {} : { winner: action.winner },
      });
    case 'archive':
      return edge.admin(path(key, '/archive'), decodeState, { method: 'POST' });
    case 'coverage':
      return edge.admin(path(key), decodeState, {
        method: 'PATCH',
        body: { coverage: action.coverage },
      });
  }
}
