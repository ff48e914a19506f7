import { afterEach, describe, expect, it } from 'vitest';
import {
  admin,
  call,
  clientId,
  drainAllAlarms,
  keyOf,
  postBatch,
  pushShards,
  rawTotals,
  shardTotals,
} from './helpers.ts';

afterEach(drainAllAlarms);

// Raw events come from the app's server with the admin token.
function postEvents(body: unknown, auth: HeadersInit = admin()) {
  return call('/v1/apps/demo/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
}

function seed(body: unknown, auth: HeadersInit = admin()) {
  return call('/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
}

describe('POST /v1/apps/:app/events', () => {
  it('refuses the publishable key and applies nothing', async () => {
    const before = await shardTotals('demo');
    const events = [{ id: 'k1', decision: 'home-feed', arm: 'm1', event: 'like' }];
    const res = await postEvents({ events }, { 'x-crowdbandit-key': keyOf('demo') });
    expect(res.status).toBe(401);
    await res.body?.cancel();
    expect(await shardTotals('demo')).toEqual(before);
  });

  it('counts the server whole: it is trusted and not one user', async () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `whole-${i}`,
      decision: 'home-feed',
      arm: 'w1',
      event: 'like',
    }));
    await (await postEvents({ events })).body?.cancel();
    await pushShards('demo');
    const raw = await rawTotals('demo');
    expect(raw.decisions['home-feed']?.['']?.w1).toEqual({ raw: [30, 0, 0], bounded: [30, 0, 0] });
  });

  it('applies each event once by id, with the reward map', async () => {
    const events = [
      { id: 'e1', decision: 'home-feed', arm: 'm1', event: 'like' },
      { id: 'e2', decision: 'home-feed', arm: 'm1', event: { type: 'rating', value: 2 } },
      { id: 'e3', decision: 'home-feed', arm: 'm1', event: 'impression' },
      { id: 'e4', decision: 'home-feed', arm: 'm1', event: { type: 'rating', value: 3 } },
    ];
    expect(await (await postEvents({ events })).json()).toEqual({ accepted: 4, duplicates: 0 });
    expect(await (await postEvents({ events: events.slice(0, 2) })).json()).toEqual({
      accepted: 0,
      duplicates: 2,
    });
    // like (1, 0) + 2 stars (0.25, 0.75) + impression (0, 0.1, n 1) + 3 stars (neutral)
    expect((await shardTotals('demo')).sums.get('home-feed//m1')).toEqual({
      s: 1250,
      f: 850,
      n: 1,
    });
  });

  it('rejects a malformed event with 400 and applies none of the batch', async () => {
    const before = await shardTotals('demo');
    const res = await postEvents({
      events: [
        { id: 'ok', decision: 'home-feed', arm: 'm9', event: 'like' },
        { id: 'bad', decision: 'home-feed', arm: 'm9', event: { type: 'rating', value: 9 } },
      ],
    });
    expect(res.status).toBe(400);
    expect(
      (await res.json<{ error: { issues: { path: string }[] } }>()).error.issues[0]!.path,
    ).toMatch(/^events\.1\.event/);
    expect(await shardTotals('demo')).toEqual(before);
  });
});

describe('POST /feedback (seed alias)', () => {
  it('counts a like or dislike of a movie in the seed decision', async () => {
    expect(await (await seed({ user_id: 7, movie_id: 42, feedback_type: 'like' })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
    });
    expect(
      await (await seed({ user_id: 8, movie_id: 42, feedback_type: 'dislike' })).json(),
    ).toEqual({ accepted: 1, duplicates: 0 });
    expect((await shardTotals('demo')).sums.get('home-feed//42')).toEqual({
      s: 1000,
      f: 1000,
      n: 0,
    });
  });

  it('applies a seed event with an event_id at most once', async () => {
    const body = { user_id: 'u1', movie_id: 'tt01', feedback_type: 'like', event_id: 'seed-evt-1' };
    await seed(body);
    expect(await (await seed(body)).json()).toEqual({ accepted: 0, duplicates: 1 });
    expect((await shardTotals('demo')).sums.get('home-feed//tt01')).toEqual({
      s: 1000,
      f: 0,
      n: 0,
    });
  });

  it.each([
    [{ user_id: 1, movie_id: 2, feedback_type: 'love' }, 'feedback_type'],
    [{ movie_id: 2, feedback_type: 'like' }, 'user_id'],
    [{ user_id: 1.5, movie_id: 2, feedback_type: 'like' }, 'user_id'],
  ])('rejects %j naming %s', async (body, path) => {
    const res = await seed(body);
    expect(res.status).toBe(400);
    expect(
      (await res.json<{ error: { issues: { path: string }[] } }>()).error.issues.map((i) => i.path),
    ).toContain(path);
  });

  it('refuses the publishable key: anyone could name any user with it', async () => {
    const before = await shardTotals('demo');
    const body = { user_id: 1, movie_id: 2, feedback_type: 'like' };
    const res = await seed(body, { 'x-crowdbandit-key': keyOf('demo') });
    expect(res.status).toBe(401);
    await res.body?.cancel();
    const wrong = await seed(body, { authorization: 'Bearer nope-nope-nope' });
    expect(wrong.status).toBe(403);
    await wrong.body?.cancel();
    expect(await shardTotals('demo')).toEqual(before);
  });
});

describe('DELETE /v1/apps/:app/clients/:clientId', () => {
  it('takes a client’s contribution back out and leaves the others', async () => {
    const good = clientId(11);
    const bad = clientId(12);
    await postBatch('demo', {
      clientId: good,
      seq: 1,
      deltas: [{ decision: 'home-feed', context: '', arm: 'r1', s: 1, f: 1 }],
    });
    const before = (await shardTotals('demo')).sums.get('home-feed//r1');
    await postBatch('demo', {
      clientId: bad,
      seq: 1,
      deltas: [{ decision: 'home-feed', context: '', arm: 'r1', s: 9, f: 0, n: 4 }],
    });
    await postBatch('demo', {
      clientId: bad,
      seq: 2,
      deltas: [{ decision: 'home-feed', context: '', arm: 'r2', s: 5, f: 0 }],
    });
    const res = await call(`/v1/apps/demo/clients/${bad}`, { method: 'DELETE', headers: admin() });
    expect(await res.json()).toEqual({
      clientId: bad,
      removedArmKeys: 2,
      removedExperimentCounts: 0,
    });
    const { sums } = await shardTotals('demo');
    expect(sums.get('home-feed//r1')).toEqual(before);
    expect(sums.get('home-feed//r2')).toEqual({ s: 0, f: 0, n: 0 });
    // Its seq history stays: replaying its batch does not sneak the evidence back in.
    const replay = await postBatch('demo', {
      clientId: bad,
      seq: 2,
      deltas: [{ decision: 'home-feed', context: '', arm: 'r2', s: 5, f: 0 }],
    });
    expect(await replay.json()).toMatchObject({ status: 'duplicate' });
    expect((await shardTotals('demo')).sums.get('home-feed//r2')).toEqual({ s: 0, f: 0, n: 0 });
  });

  it('removes a seed user’s events spread over shards', async () => {
    for (let i = 0; i < 6; i++)
      await seed({ user_id: 'spammer', movie_id: `s${i}`, feedback_type: 'like' });
    const res = await call('/v1/apps/demo/clients/seed:spammer', {
      method: 'DELETE',
      headers: admin(),
    });
    expect(await res.json()).toEqual({
      clientId: 'seed:spammer',
      removedArmKeys: 6,
      removedExperimentCounts: 0,
    });
    const { sums } = await shardTotals('demo');
    for (let i = 0; i < 6; i++) expect(sums.get(`home-feed//s${i}`)).toEqual({ s: 0, f: 0, n: 0 });
  });
});
