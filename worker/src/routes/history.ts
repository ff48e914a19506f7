import { HistoryQuerySchema, issuesFromZod } from '@crowdbandit/protocol';
import { DAY, HISTORY_KEEP_MS } from '../arm-history.ts';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';

const EPOCH_MS = /^(?:0|[1-9][0-9]{0,15})$/;

function invalid(path: string, message: string): never {
  throw new HttpError('invalid_body', `${path}: ${message}`, { issues: [{ path, message }] });
}

function epochMs(name: 'from' | 'to', value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!EPOCH_MS.test(value)) invalid(name, 'must be a time in epoch milliseconds');
  return Number(value);
}

/**
 * GET /v1/apps/:app/history?decision=&from=&to=&step= — one decision's arm keys over time
 * (admin; see HistorySchema). `to` defaults to now, `from` to a day before `to`, `step` to
 * `minute` when the window lies within the last day, else `hour`. 400 naming the field: no or
 * a malformed decision, a malformed time, `from` after `to`, an unknown step, more than a day
 * of minutes, or more than 90 days.
 */
export async function getHistory(c: EdgeContext): Promise<Response> {
  const now = Date.now();
  const to = epochMs('to', c.req.query('to')) ?? now;
  const from = epochMs('from', c.req.query('from')) ?? Math.max(0, to - DAY);
  const step = c.req.query('step') ?? (from >= now - DAY ? 'minute' : 'hour');
  const parsed = HistoryQuerySchema.safeParse({
    decision: c.req.query('decision'),
    from,
    to,
    step,
  });
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues);
    throw new HttpError('invalid_body', `${issues[0]?.path}: ${issues[0]?.message}`, { issues });
  }
  if (from > to) invalid('from', 'must not be after to');
  if (step === 'minute' && to - from > DAY) {
    invalid('step', 'minute buckets cover at most a day; ask for step=hour');
  }
  if (to - from > HISTORY_KEEP_MS) invalid('from', 'history is kept 90 days; ask for at most that');
  const appId = c.get('appId');
  const stream = await c.env.PRIORS.getByName(appId).history(appId, parsed.data);
  return c.body(stream, 200, { 'content-type': 'application/json' });
}
