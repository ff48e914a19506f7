import { PROTOCOL_VERSION } from '@crowdbandit/protocol';
import { Hono } from 'hono';
import { adminToken, publishableKey, app as resolveApp } from './auth.ts';
import { limitBody } from './body.ts';
import { anyAppCors, appCors } from './cors.ts';
import type { EdgeEnv } from './env.ts';
import { HttpError, onError } from './http-error.ts';
import { deleteClient, getAlerts, getStats, getTotals } from './routes/admin.ts';
import { postClient } from './routes/clients.ts';
import { postDeltas } from './routes/deltas.ts';
import { postEvents, postSeedFeedback } from './routes/events.ts';
import { getExperimentResults } from './routes/experiment-results.ts';
import {
  archiveExperiment,
  getExperiment,
  getExperiments,
  patchExperiment,
  postExperiment,
  startExperiment,
  stopExperiment,
} from './routes/experiments.ts';
import { getHistory } from './routes/history.ts';
import { getPriors, priorsSocket } from './routes/priors.ts';

const V1 = '/v1/apps/:app';

/**
 * The edge's HTTP API (see the README's table). Every failure is JSON
 * `{ error: { code, message, issues? } }` with its status.
 *
 * @example
 * export default edge; // the Worker's fetch handler
 */
export const edge = new Hono<EdgeEnv>();

edge.onError(onError);
edge.notFound(() => {
  throw new HttpError('not_found', 'no such route; see GET /health and /v1/apps/:app/…');
});

edge.use(
  `${V1}/*`,
  appCors((c) => c.req.param('app')),
);
edge.use('/health', anyAppCors());
edge.use(
  '/feedback',
  appCors((c) => c.req.query('app') ?? c.env.DEFAULT_APP),
);

edge.get('/health', (c) =>
  c.json({ ok: true, service: 'crowdbandit-edge', protocol: PROTOCOL_VERSION }),
);
edge.post(`${V1}/clients`, resolveApp(), publishableKey, limitBody, postClient);
edge.post(`${V1}/deltas`, resolveApp(), publishableKey, limitBody, postDeltas);
edge.get(`${V1}/priors`, resolveApp(), publishableKey, getPriors);
edge.get(`${V1}/priors/ws`, resolveApp(), publishableKey, priorsSocket);
// Raw events come from the app's server, never a browser: the publishable key is public, and
// an event's user is whatever the sender says, so these need the admin token.
edge.post(`${V1}/events`, resolveApp(), adminToken, limitBody, postEvents);
edge.post(
  '/feedback',
  resolveApp((c) => c.req.query('app') ?? c.env.DEFAULT_APP),
  adminToken,
  limitBody,
  postSeedFeedback,
);
edge.get(`${V1}/stats`, resolveApp(), adminToken, getStats);
edge.get(`${V1}/totals`, resolveApp(), adminToken, getTotals);
edge.get(`${V1}/history`, resolveApp(), adminToken, getHistory);
edge.get(`${V1}/alerts`, resolveApp(), adminToken, getAlerts);
edge.delete(`${V1}/clients/:clientId`, resolveApp(), adminToken, deleteClient);
edge.get(`${V1}/experiments`, resolveApp(), publishableKey, getExperiments);
edge.post(`${V1}/experiments`, resolveApp(), adminToken, limitBody, postExperiment);
edge.get(`${V1}/experiments/:key`, resolveApp(), adminToken, getExperiment);
edge.patch(`${V1}/experiments/:key`, resolveApp(), adminToken, limitBody, patchExperiment);
edge.post(`${V1}/experiments/:key/start`, resolveApp(), adminToken, startExperiment);
edge.post(`${V1}/experiments/:key/stop`, resolveApp(), adminToken, limitBody, stopExperiment);
edge.post(`${V1}/experiments/:key/archive`, resolveApp(), adminToken, archiveExperiment);
edge.get(`${V1}/experiments/:key/results`, resolveApp(), adminToken, getExperimentResults);

// Hono answers 404 for a known path with the wrong method; say 405 instead.
const ROUTES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['/health', ['GET']],
  [`${V1}/clients`, ['POST']],
  [`${V1}/deltas`, ['POST']],
  [`${V1}/priors`, ['GET']],
  [`${V1}/priors/ws`, ['GET']],
  [`${V1}/events`, ['POST']],
  ['/feedback', ['POST']],
  [`${V1}/stats`, ['GET']],
  [`${V1}/totals`, ['GET']],
  [`${V1}/history`, ['GET']],
  [`${V1}/alerts`, ['GET']],
  [`${V1}/clients/:clientId`, ['DELETE']],
  [`${V1}/experiments`, ['GET', 'POST']],
  [`${V1}/experiments/:key`, ['GET', 'PATCH']],
  [`${V1}/experiments/:key/start`, ['POST']],
  [`${V1}/experiments/:key/stop`, ['POST']],
  [`${V1}/experiments/:key/archive`, ['POST']],
  [`${V1}/experiments/:key/results`, ['GET']],
];
for (const [path, allowed] of ROUTES) {
  edge.all(path, (c) => {
    c.header('allow', allowed.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', '));
    throw new HttpError(
      'method_not_allowed',
      `${c.req.method} is not allowed here; use ${allowed.join(' or ')}`,
    );
  });
}
