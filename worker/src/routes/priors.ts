import { etagMatches, priorsETag } from '@crowdbandit/protocol';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';

const DECISION = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * GET /v1/apps/:app/priors[?decision=name] — the community totals, with an ETag of the
 * priors version; `If-None-Match` with the current version gives 304.
 */
export async function getPriors(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const decision = c.req.query('decision');
  if (decision !== undefined && !DECISION.test(decision)) {
    throw new HttpError('invalid_body', 'decision must be a decision name', {
      issues: [{ path: 'decision', message: 'expected 1–64 letters, digits, _ . -' }],
    });
  }
  const stub = c.env.PRIORS.getByName(appId);
  const version = await stub.version();
  c.header('cache-control', 'no-cache');
  if (etagMatches(c.req.header('if-none-match'), version)) {
    c.header('etag', priorsETag(version));
    return c.body(null, 304);
  }
  const snapshot = await stub.snapshot(appId, decision);
  c.header('etag', priorsETag(snapshot.version));
  c.header('content-type', 'application/json');
  return c.body(snapshot.json);
}

/** GET /v1/apps/:app/priors/ws — subscribe to `{ type: 'priors', version }` announcements. */
export async function priorsSocket(c: EdgeContext): Promise<Response> {
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new HttpError(
      'invalid_body',
      'this route takes a WebSocket upgrade (Upgrade: websocket)',
    );
  }
  return c.env.PRIORS.getByName(c.get('appId')).fetch(c.req.raw);
}
