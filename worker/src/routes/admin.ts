import { verifyClientId } from '../client-id.ts';
import { clientIdSecret } from '../client-secret.ts';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';

/** GET /v1/apps/:app/stats — posteriors, P(best), selection shares and alerts (admin). */
export async function getStats(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  return c.json(await c.env.PRIORS.getByName(appId).stats(appId));
}

/**
 * GET /v1/apps/:app/totals — per arm key the raw sums of everything every client sent,
 * counted exactly once, beside the bounded sums the crowd publishes (admin).
 */
export async function getTotals(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const { json } = await c.env.PRIORS.getByName(appId).rawTotals(appId);
  return c.body(json, 200, { 'content-type': 'application/json' });
}

/**
 * DELETE /v1/apps/:app/clients/:clientId — takes a client's contribution back out of the
 * totals and the experiment counts (admin). A signed id counts as the client's own id. Seed users are
 * `seed:<user_id>`, server events `server:events`. Every shard is asked: server events and
 * seed users are spread over shards by event id.
 */
export async function deleteClient(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const given = c.req.param('clientId');
  if (given === undefined || given.length === 0 || given.length > 200) {
    throw new HttpError('invalid_body', 'clientId must be 1–200 characters');
  }
  const clientId = (await verifyClientId(clientIdSecret(c), appId, given)) ?? given;
  const shards = c.get('app').shards;
  const results = await Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      c.env.SHARDS.getByName(`${appId}:${shard}`).removeClient(appId, shard, clientId),
    ),
  );
  return c.json({
    clientId,
    removedArmKeys: results.reduce((sum, r) => sum + r.removedArmKeys, 0),
    removedExperimentCounts: results.reduce((sum, r) => sum + r.removedExperimentCounts, 0),
  });
}

const EPOCH_MS = /^(?:0|[1-9][0-9]{0,15})$/;
const WEEK = 7 * 24 * 3_600_000;

/**
 * GET /v1/apps/:app/alerts?since= — the alerts open now or ended since `since` (epoch ms,
 * default a week ago), with when each started and ended, newest first (admin; see
 * AlertLogSchema). 400 naming `since` when it is not a time in epoch milliseconds.
 */
export async function getAlerts(c: EdgeContext): Promise<Response> {
  const given = c.req.query('since');
  if (given !== undefined && !EPOCH_MS.test(given)) {
    const message = 'must be a time in epoch milliseconds';
    throw new HttpError('invalid_body', `since: ${message}`, {
      issues: [{ path: 'since', message }],
    });
  }
  const since = given === undefined ? Date.now() - WEEK : Number(given);
  const appId = c.get('appId');
  return c.json(await c.env.PRIORS.getByName(appId).alerts(appId, since));
}
