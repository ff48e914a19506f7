import { EXPERIMENT_KEY } from '@crowdbandit/protocol';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';
import { experimentKey } from './experiments.ts';

const WHOLE = /^(?:0|[1-9][0-9]{0,8})$/;

function invalid(path: string, message: string): never {
  throw new HttpError('invalid_body', `${path}: ${message}`, { issues: [{ path, message }] });
}

/**
 * GET /v1/apps/:app/experiments/:key/results[?phase=&metric=] — one phase's results (admin;
 * the current phase and every metric by default): users exposed per variation, the SRM
 * check, per metric users converted, rates, values per user, chance to beat control, uplift,
 * the confidence sequence, expected loss, P(best), the stop recommendation, and the history
 * (see ExperimentResultsSchema). 400 naming `phase` or `metric`, 404 for an unknown key.
 */
export async function getExperimentResults(c: EdgeContext): Promise<Response> {
  const key = experimentKey(c);
  const phase = c.req.query('phase');
  const metric = c.req.query('metric');
  if (phase !== undefined && !WHOLE.test(phase)) invalid('phase', 'must be a whole number');
  if (metric !== undefined && !EXPERIMENT_KEY.test(metric)) {
    invalid('metric', 'must be a metric key: 1-64 characters of A-Z a-z 0-9 _ . -');
  }
  const appId = c.get('appId');
  const result = await c.env.PRIORS.getByName(appId).experimentResults(
    appId,
    key,
    phase === undefined ? undefined : Number(phase),
    metric,
  );
  if (!result.ok) {
    throw new HttpError(
      result.code,
      result.message,
      result.issues === undefined ? {} : { issues: result.issues },
    );
  }
  return c.body(result.value, 200, { 'content-type': 'application/json' });
}
