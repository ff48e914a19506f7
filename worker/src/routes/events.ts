import { parseEvent, resolveRewards, rewardOf, shardOf } from '@crowdbandit/core';
import { decodeWith, EventsBodySchema, SeedFeedbackSchema, toMilli } from '@crowdbandit/protocol';
import { decodedValue, readJson } from '../body.ts';
import type { EventCounts } from '../client-shard.ts';
import { type AppConfig, decisionSettings } from '../config.ts';
import type { EdgeContext } from '../env.ts';
import { SERVER_SOURCE } from '../shard-totals.ts';

interface RawEvent {
  readonly id: string;
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly event: unknown;
}

function countsOf(config: AppConfig, e: RawEvent): EventCounts {
  const rewards = resolveRewards(decisionSettings(config, e.decision).rewards, 'rewards');
  const parsed = parseEvent(e.event);
  const reward = rewardOf(parsed, rewards);
  return {
    id: e.id,
    decision: e.decision,
    context: e.context,
    arm: e.arm,
    s: reward === null ? 0 : toMilli(reward.w * reward.r),
    f: reward === null ? 0 : toMilli(reward.w * (1 - reward.r)),
    n: parsed.type === 'impression' ? 1 : 0,
  };
}

// Each event id always lands on the same shard, which remembers applied ids.
async function apply(c: EdgeContext, source: string, events: readonly RawEvent[]) {
  const appId = c.get('appId');
  const config = c.get('app');
  const byShard = new Map<number, EventCounts[]>();
  for (const e of events) {
    const shard = shardOf(e.id, config.shards);
    const list = byShard.get(shard) ?? [];
    list.push(countsOf(config, e));
    byShard.set(shard, list);
  }
  const results = await Promise.all(
    [...byShard].map(([shard, list]) =>
      c.env.SHARDS.getByName(`${appId}:${shard}`).applyEvents(appId, shard, source, list),
    ),
  );
  return {
    accepted: results.reduce((sum, r) => sum + r.accepted, 0),
    duplicates: results.reduce((sum, r) => sum + r.duplicates, 0),
  };
}

/**
 * POST /v1/apps/:app/events — raw events from the app's server (admin token), each applied at
 * most once by its id, counted whole (the server is trusted, not one user). Answers
 * `{ accepted, duplicates }`.
 */
export async function postEvents(c: EdgeContext): Promise<Response> {
  const body = decodedValue(decodeWith(EventsBodySchema, await readJson(c)));
  const events = body.events.map((e) => ({ ...e, context: e.context ?? '' }));
  return c.json(await apply(c, SERVER_SOURCE, events));
}

/**
 * POST /feedback — the seed-compatible alias, from the app's server (admin token):
 * `{ user_id, movie_id, feedback_type }` is one like or dislike of `movie_id` in the app's seed
 * decision, bounded per user like any client's. With `event_id` it is applied at
 * most once; without, every request counts.
 */
export async function postSeedFeedback(c: EdgeContext): Promise<Response> {
  const body = decodedValue(decodeWith(SeedFeedbackSchema, await readJson(c)));
  const event: RawEvent = {
    id: body.event_id ?? `seed:${crypto.randomUUID()}`,
    decision: c.get('app').seedDecision,
    context: '',
    arm: String(body.movie_id),
    event: body.feedback_type,
  };
  return c.json(await apply(c, `seed:${body.user_id}`, [event]));
}
