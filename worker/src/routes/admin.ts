import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';

/** GET /v1/apps/:app/stats — posteriors, P(best), selection shares and alerts (admin). */
export async function getStats(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  return c.json(await c.env.PRIORS.getByName(appId).stats(appId));
}

/**
 * DELETE /v1/apps/:app/clients/:clientId — takes a client's contribution back out of the
 * totals (admin). Seed users are `seed:<user_id>`, server events `server:events`. Every
 * shard is asked: server events and seed users are spread over shards by event id.
 */
export async function deleteClient(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const clientId = c.req.param('clientId');
  if (clientId === undefined || clientId.length === 0 || clientId.length > 200) {
    throw new HttpError('invalid_body', 'clientId must be 1–200 characters');
  }
  const shards = c.get('app').shards;
  const results = await Promise.all(
    Array.from({ length: shards }, (_, shard) =>
      c.env.SHARDS.getByName(`${appId}:${shard}`).removeClient(appId, shard, clientId),
    ),
  );
  return c.json({
    clientId,
    removedArmKeys: results.reduce((sum, r) => sum + r.removedArmKeys, 0),
  });
}
