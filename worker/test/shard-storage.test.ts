import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { DeltaBatch } from '@crowdbandit/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateAggregator } from '../src/aggregator-schema.ts';
import { ClientShard, type TotalsRow } from '../src/client-shard.ts';
import { PriorsAggregator } from '../src/priors-aggregator.ts';
import { migrateShard, SHARD_SCHEMA_VERSION } from '../src/shard-schema.ts';
import { SERVER_SOURCE } from '../src/shard-totals.ts';
import { drainAllAlarms, pushedRow } from './helpers.ts';
import { SHARD_V3 } from './old-schemas.ts';

afterEach(drainAllAlarms);

// 'tight' has one shard: every client lands on tight:0, whose pushes go to the 'tight' priors.
const APP = 'tight';

function batch(client: string, seq: number, arms: number, s = 1): DeltaBatch {
  return {
    clientId: client,
    seq,
    deltas: Array.from({ length: arms }, (_, i) => ({
      decision: 'd',
      context: '',
      arm: `a${i}`,
      s,
      f: 1,
      n: 2,
    })),
  };
}

// Counts the SQLite rows an object's calls write, over its own storage's cursors.
function countRowsWritten(state: DurableObjectState): () => number {
  const { sql } = state.storage;
  const exec = sql.exec.bind(sql);
  const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  sql.exec = ((query: string, ...bindings: unknown[]) => {
    const cursor = exec(query, ...bindings);
    cursors.push(cursor);
    return cursor;
  }) as SqlStorage['exec'];
  return () => cursors.reduce((sum, c) => sum + c.rowsWritten, 0);
}

// An env whose PRIORS stub sends a shard's pushes to the aggregator object `name` (one of
// this test's own) and records each merge's arguments.
function pushingTo(name: string, merges: unknown[][], fail = false): Env {
  const priors = env.PRIORS.getByName(name);
  const spy = {
    getByName: () => ({
      merge: (...args: unknown[]) => {
        merges.push(args);
        if (fail) throw new Error('the aggregator is unreachable');
        return (priors.merge as (...a: unknown[]) => unknown)(...args);
      },
    }),
  };
  return { ...env, PRIORS: spy } as unknown as Env;
}

function rawOf(rows: readonly (readonly (string | number)[])[]) {
  return Object.fromEntries(rows.map((r) => [r[2], [r[3], r[4], r[5]]]));
}

describe('what a shard writes', () => {
  it('writes one row per accepted batch, however many arm keys it carries, and none for a duplicate', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:rows`);
    const written = await runInDurableObject(stub, async (shard: ClientShard, state) => {
      // The shard's first call records the app, its shard and bounds.
      await shard.applyBatch(APP, 0, batch('warm-up', 1, 1), true);
      const rowsWritten = countRowsWritten(state);
      const counts: number[] = [];
      for (const [client, seq, arms] of [
        ['new-client', 1, 1],
        ['new-client', 2, 20],
        ['new-client', 3, 20],
        ['other-client', 1, 40],
      ] as const) {
        const before = rowsWritten();
        const outcome = await shard.applyBatch(APP, 0, batch(client, seq, arms), true);
        expect(outcome).toMatchObject({ kind: 'ack', ack: { status: 'accepted' } });
        counts.push(rowsWritten() - before);
      }
      const before = rowsWritten();
      const replay = await shard.applyBatch(APP, 0, batch('new-client', 3, 20), true);
      expect(replay).toMatchObject({ kind: 'ack', ack: { status: 'duplicate' } });
      counts.push(rowsWritten() - before);
      return counts;
    });
    expect(written).toEqual([1, 1, 1, 1, 0]);
  });
});

// The shard's alarm, with its pushes sent to the aggregator object `name`.
function push(
  stub: DurableObjectStub<ClientShard>,
  name: string,
  merges: unknown[][] = [],
  fail = false,
) {
  return runInDurableObject(stub, async (shard: ClientShard) => {
    const redirected = pushingTo(name, merges, fail);
    Object.defineProperty(shard, 'env', { value: redirected, configurable: true });
    try {
      await shard.alarm();
    } finally {
      Object.defineProperty(shard, 'env', { value: env, configurable: true });
    }
  });
}

describe('a shard that starts again', () => {
  it('sums its clients’ tallies back into its totals and pushes them all, unpushed batches included', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:restart`);
    const priors = `${APP}:restart`;
    await stub.applyBatch(APP, 0, batch('c1', 1, 3, 2), true);
    await stub.applyBatch(APP, 0, batch('c2', 1, 2, 1), true);
    await push(stub, priors);
    // Accepted after the push, then the object is gone before the next one.
    await stub.applyBatch(APP, 0, batch('c1', 2, 1, 3), true);
    await stub.applyBatch(APP, 0, batch('c3', 1, 1, 1), true);
    const live = await stub.totals();
    expect(rawOf(live.rows)).toEqual({
      a0: [7000, 4000, 8],
      a1: [3000, 2000, 4],
      a2: [2000, 1000, 2],
    });

    const merges: unknown[][] = [];
    const restarted = await runInDurableObject(stub, async (_: ClientShard, state) => {
      const shard = new ClientShard(state, pushingTo(priors, merges));
      const totals = shard.totals();
      await shard.alarm();
      await state.storage.deleteAlarm();
      return totals;
    });
    expect(restarted.version).toBe(live.version);
    expect(rawOf(restarted.rows)).toEqual(rawOf(live.rows));
    restarted.rows.forEach((row, i) => {
      for (const column of [7, 8, 9, 10, 11, 12, 13, 14]) {
        expect(row[column]).toBeCloseTo(live.rows[i]![column] as number, 6);
      }
    });
    // After a start nothing counts as acknowledged: the push carries every row.
    expect((merges[0]![3] as TotalsRow[]).map((r) => r[2])).toEqual(['a0', 'a1', 'a2']);

    // The aggregator holds the unpushed batches too, and its raw totals are exact.
    const totals = JSON.parse((await env.PRIORS.getByName(priors).rawTotals(APP)).json);
    expect(totals.shards).toEqual({ '0': live.version });
    expect(totals.decisions.d['']).toEqual({
      a0: { raw: [7, 4, 8], bounded: expect.any(Array) },
      a1: { raw: [3, 2, 4], bounded: expect.any(Array) },
      a2: { raw: [2, 1, 2], bounded: expect.any(Array) },
    });
  });
});

describe('a shard that starts again from its snapshot', () => {
  it('reads only the sources changed since it, and comes to the totals it had', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:snapshot`);
    const priors = `${APP}:snapshot`;
    await stub.applyBatch(APP, 0, batch('clean', 1, 3, 2), true);
    await stub.applyBatch(APP, 0, batch('changed', 1, 2, 1), true);
    await stub.applyBatch(APP, 0, batch('removed', 1, 2, 3), true);
    await stub.applyEvents(APP, 0, SERVER_SOURCE, [
      { id: 'e1', decision: 'd', context: '', arm: 'a0', s: 5000, f: 0, n: 1 },
    ]);
    // The push stores the snapshot; what follows changes three sources and adds one.
    await push(stub, priors);
    await stub.applyBatch(APP, 0, batch('changed', 2, 3, 2), true);
    await stub.applyBatch(APP, 0, batch('new', 1, 1, 1), true);
    await stub.removeClient(APP, 0, 'removed');
    await stub.applyEvents(APP, 0, SERVER_SOURCE, [
      { id: 'e2', decision: 'd', context: '', arm: 'a1', s: 7000, f: 0, n: 1 },
    ]);
    const live = await stub.totals();

    const restarted = await runInDurableObject(stub, async (_: ClientShard, state) => {
      const { sql } = state.storage;
      expect(sql.exec("SELECT value FROM meta WHERE key = 'snapshot'").toArray()).toHaveLength(1);
      // A start that read the unchanged client's row would fail on it.
      sql.exec("UPDATE clients SET tallies = 'not read' WHERE client_id = 'clean'");
      const totals = new ClientShard(state, env).totals();
      sql.exec(
        'UPDATE clients SET tallies = ? WHERE client_id = ?',
        JSON.stringify([0, 1, 2].map((i) => ['d', '', `a${i}`, 2000, 1000, 2, Date.now()])),
        'clean',
      );
      return totals;
    });
    expect(restarted.version).toBe(live.version);
    expect(rawOf(restarted.rows)).toEqual(rawOf(live.rows));
    expect(rawOf(live.rows)).toEqual({
      a0: [11000, 4000, 9],
      a1: [12000, 3000, 7],
      a2: [4000, 2000, 4],
    });
    restarted.rows.forEach((row, i) => {
      for (const column of [7, 8, 9, 10, 11, 12, 13, 14]) {
        expect(row[column]).toBeCloseTo(live.rows[i]![column] as number, 6);
      }
    });
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });

  it('drops its snapshot when the bounds change, and sums every source again', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:rebound`);
    await stub.applyBatch(APP, 0, batch('c1', 1, 2, 20), true);
    await push(stub, `${APP}:rebound`);
    const result = await runInDurableObject(stub, async (_: ClientShard, state) => {
      const { sql } = state.storage;
      const snapshots = () =>
        sql.exec("SELECT value FROM meta WHERE key = 'snapshot'").toArray().length;
      const before = snapshots();
      // As if the app's bounds had been others when the snapshot was stored.
      sql.exec("UPDATE meta SET value = 'other bounds' WHERE key = 'bounds'");
      const shard = new ClientShard(state, env);
      await shard.applyBatch(APP, 0, batch('c2', 1, 1, 1), true);
      return { before, after: snapshots(), totals: shard.totals() };
    });
    expect(result).toMatchObject({ before: 1, after: 0 });
    expect(rawOf(result.totals.rows)).toEqual({ a0: [21000, 2000, 4], a1: [20000, 1000, 2] });
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });
});

describe('pushes of changed rows', () => {
  it('send only what changed since the last acknowledged push, and repeats change nothing', async () => {
    const shard = env.SHARDS.getByName(`${APP}:0:delta`);
    const name = `${APP}:delta`;
    const priors = env.PRIORS.getByName(name);
    await shard.applyBatch(APP, 0, batch('c1', 1, 3), true);
    await push(shard, name);
    // Only a1 changes: the next push carries it alone, and a0 and a2 stay as they were.
    const delta = { decision: 'd', context: '', arm: 'a1', s: 5, f: 0, n: 1 };
    await shard.applyBatch(APP, 0, { clientId: 'c1', seq: 2, deltas: [delta] }, true);
    const version = (await shard.totals()).version;
    const merges: unknown[][] = [];
    await push(shard, name, merges);
    await push(shard, name, merges);
    expect(merges).toHaveLength(1);
    const [, , pushedVersion, rows] = merges[0] as [string, number, number, TotalsRow[]];
    expect(pushedVersion).toBe(version);
    expect(rows.map((r) => r[2])).toEqual(['a1']);
    const raw = async () => JSON.parse((await priors.rawTotals(APP)).json).decisions.d[''];
    expect(await raw()).toMatchObject({
      a0: { raw: [1, 1, 2] },
      a1: { raw: [6, 1, 3] },
      a2: { raw: [1, 1, 2] },
    });

    // The aggregator: a repeated or older version changes nothing; a later one replaces only
    // the rows it carries.
    const now = Date.now();
    const a0 = pushedRow('d', '', 'a0', 99_000, 0, 1, now);
    expect(await priors.merge(APP, 0, version, [a0])).toMatchObject({ applied: false });
    expect(await priors.merge(APP, 0, version - 1, [a0])).toMatchObject({ applied: false });
    const a2 = pushedRow('d', '', 'a2', 7000, 0, 1, now);
    expect(await priors.merge(APP, 0, version + 1, [a2])).toMatchObject({ applied: true });
    expect(await raw()).toMatchObject({
      a0: { raw: [1, 1, 2] },
      a1: { raw: [6, 1, 3] },
      a2: { raw: [7, 0, 1] },
    });
    await runInDurableObject(shard, (_: ClientShard, state) => state.storage.deleteAlarm());
  });

  it('keep a failed push’s rows for the next one', async () => {
    const shard = env.SHARDS.getByName(`${APP}:0:retry`);
    const name = `${APP}:retry`;
    await shard.applyBatch(APP, 0, batch('c1', 1, 2), true);
    await push(shard, name);
    const delta = { decision: 'd', context: '', arm: 'a0', s: 4, f: 0, n: 1 };
    await shard.applyBatch(APP, 0, { clientId: 'c1', seq: 2, deltas: [delta] }, true);
    const merges: unknown[][] = [];
    await expect(push(shard, name, merges, true)).rejects.toThrow('unreachable');
    await shard.applyBatch(APP, 0, batch('c2', 1, 2), true);
    await push(shard, name, merges);
    expect(merges.map((m) => (m[3] as TotalsRow[]).map((r) => r[2]))).toEqual([
      ['a0'],
      ['a0', 'a1'],
    ]);
    const raw = JSON.parse((await env.PRIORS.getByName(name).rawTotals(APP)).json).decisions.d[''];
    expect(raw).toMatchObject({ a0: { raw: [6, 2, 5] }, a1: { raw: [2, 2, 4] } });
    await runInDurableObject(shard, (_: ClientShard, state) => state.storage.deleteAlarm());
  });
});

describe('an aggregator that starts again', () => {
  it('reads its shards’ rows back from their chunks: the same snapshot', async () => {
    const priors = env.PRIORS.getByName(`${APP}:chunks`);
    const now = Date.now();
    const rows = Array.from({ length: 300 }, (_, i) =>
      pushedRow('d', '', `arm-${i}`, 1000 * i, 500, 1, now),
    );
    await priors.merge(APP, 0, 1, rows);
    await priors.merge(APP, 1, 1, rows.slice(0, 10));
    await priors.merge(APP, 0, 2, [pushedRow('d', '', 'arm-7', 70_000, 0, 1, now)]);
    const live = JSON.parse((await priors.rawTotals(APP)).json);
    const restarted = await runInDurableObject(priors, (_: PriorsAggregator, state) =>
      JSON.parse(new PriorsAggregator(state, env).rawTotals(APP).json),
    );
    expect(restarted.decisions).toEqual(live.decisions);
    expect(restarted.shards).toEqual({ '0': 2, '1': 1 });
    expect(live.decisions.d['']['arm-7'].raw[0]).toBe(70 + 7);
    expect(live.decisions.d['']['arm-299'].raw[0]).toBe(299);
  });
});

describe('storage from before blobs', () => {
  it('a schema 3 shard keeps its seqs and counts, servers’ tallies included, and then writes one row per batch', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:v3`);
    const now = Date.now();
    await runInDurableObject(stub, (_: ClientShard, state) => {
      const { sql } = state.storage;
      for (const table of [
        'clients',
        'sources',
        'meta',
        'seen_events',
        'exp_clients',
        'exp_sums',
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      for (const statement of SHARD_V3) sql.exec(statement);
      sql.exec(
        "INSERT INTO meta (key, value) VALUES ('app', 'tight'), ('shard', 0), ('version', 9), ('schema', 3)",
      );
      sql.exec("INSERT INTO clients VALUES ('v3-a', 4, 8, ?), ('v3-b', 2, 9, ?)", now, now);
      sql.exec(
        `INSERT INTO tallies VALUES ('v3-a', 'd', '', 'x', 4000, 1000, 3, ?), ('v3-a', 'd', '', 'y', 1000, 0, 1, ?),
           ('v3-b', 'd', '', 'x', 2000, 2000, 2, ?), ('server:events', 'd', '', 'x', 50000, 0, 0, ?)`,
        now,
        now,
        now,
        now,
      );
      sql.exec(
        `INSERT INTO totals VALUES ('d', '', 'x', 56000, 3000, 5, ?, 0, 0, 0, 0, 0, 0, 0, 0),
           ('d', '', 'y', 1000, 0, 1, ?, 0, 0, 0, 0, 0, 0, 0, 0)`,
        now,
        now,
      );
      migrateShard(sql);
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((t) => t.name);
      expect(tables).not.toContain('tallies');
      expect(tables).not.toContain('totals');
      expect(
        sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").one().value,
      ).toBe(SHARD_SCHEMA_VERSION);
    });
    const replay = await stub.applyBatch(APP, 0, batch('v3-a', 4, 1), false);
    expect(replay).toMatchObject({ kind: 'ack', ack: { status: 'duplicate', shardVersion: 8 } });
    const { rows } = await stub.totals();
    expect(rawOf(rows)).toEqual({ x: [56000, 3000, 5], y: [1000, 0, 1] });
    // The server's evidence counts whole; v3-a's 4:1 and v3-b's 2:2 fit tight's bound of 10.
    const x = rows.find((r) => r[2] === 'x')!;
    expect([x[7], x[8]]).toEqual([56000, 3000]);

    const written = await runInDurableObject(stub, async (shard: ClientShard, state) => {
      const rowsWritten = countRowsWritten(state);
      const next = await shard.applyBatch(APP, 0, batch('v3-a', 5, 2), false);
      expect(next).toMatchObject({ kind: 'ack', ack: { status: 'accepted', seq: 5 } });
      return rowsWritten();
    });
    expect(written).toBe(1);
    expect(rawOf((await stub.totals()).rows)).toEqual({
      x: [56000, 3000, 5],
      y: [1000, 0, 1],
      a0: [1000, 1000, 2],
      a1: [1000, 1000, 2],
    });
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });

  it('a schema 4 shard gains bases and a snapshot table, and keeps its counts', async () => {
    const stub = env.SHARDS.getByName(`${APP}:0:v4`);
    const now = Date.now();
    const columns = await runInDurableObject(stub, (_: ClientShard, state) => {
      const { sql } = state.storage;
      for (const table of ['clients', 'sources', 'meta', 'snapshot']) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      sql.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID');
      sql.exec(`CREATE TABLE clients (
         client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL,
         first_seen INTEGER NOT NULL DEFAULT 0, tallies TEXT NOT NULL DEFAULT '[]'
       ) WITHOUT ROWID`);
      sql.exec(
        'CREATE TABLE sources (source TEXT PRIMARY KEY, tallies TEXT NOT NULL) WITHOUT ROWID',
      );
      sql.exec(
        "INSERT INTO meta (key, value) VALUES ('app', 'tight'), ('shard', 0), ('version', 3), ('schema', 4)",
      );
      sql.exec(
        "INSERT INTO clients VALUES ('v4-a', 2, 3, ?, ?)",
        now,
        JSON.stringify([['d', '', 'x', 4000, 1000, 3, now]]),
      );
      sql.exec(
        "INSERT INTO sources VALUES ('server:events', ?)",
        JSON.stringify([['d', '', 'x', 50000, 0, 0, now]]),
      );
      migrateShard(sql);
      const names = (table: string) =>
        sql
          .exec<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
          .toArray()
          .map((c) => c.name);
      return {
        clients: names('clients'),
        sources: names('sources'),
        snapshot: names('snapshot'),
        schema: sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'").one()
          .value,
      };
    });
    expect(columns.clients).toContain('base');
    expect(columns.sources).toEqual(['source', 'tallies', 'last_version', 'base']);
    expect(columns.snapshot).toEqual(['chunk', 'rows']);
    expect(columns.schema).toBe(SHARD_SCHEMA_VERSION);
    const next = await stub.applyBatch(APP, 0, batch('v4-a', 3, 1), false);
    expect(next).toMatchObject({ kind: 'ack', ack: { status: 'accepted' } });
    expect(rawOf((await stub.totals()).rows)).toEqual({
      x: [54000, 1000, 3],
      a0: [1000, 1000, 2],
    });
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });

  it('a schema 4 aggregator moves its shards’ rows and fresh rows into chunks', async () => {
    const stub = env.PRIORS.getByName(`${APP}:v4`);
    const now = Date.now();
    await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      for (const table of ['shard_totals', 'shard_fresh']) sql.exec(`DROP TABLE ${table}`);
      sql.exec(`CREATE TABLE totals (shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL,
        arm TEXT NOT NULL, s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
        bs REAL NOT NULL DEFAULT 0, bf REAL NOT NULL DEFAULT 0, bn REAL NOT NULL DEFAULT 0,
        dk REAL NOT NULL DEFAULT 0, dn REAL NOT NULL DEFAULT 0, dx REAL NOT NULL DEFAULT 0,
        dq REAL NOT NULL DEFAULT 0, dr REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (shard, decision, context, arm)) WITHOUT ROWID`);
      sql.exec(`CREATE TABLE fresh (shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL,
        arm TEXT NOT NULL, bs REAL NOT NULL, bf REAL NOT NULL, PRIMARY KEY (shard, decision, context, arm)) WITHOUT ROWID`);
      sql.exec("UPDATE meta SET value = 4 WHERE key = 'schema'");
      sql.exec("INSERT INTO meta VALUES ('version', 5)");
      sql.exec('INSERT INTO shards VALUES (0, 3), (1, 6)');
      sql.exec(
        `INSERT INTO totals VALUES (0, 'd', '', 'a', 6000, 2000, 3, ?, 6000, 2000, 3, 0, 0, 0, 0, 0),
           (1, 'd', '', 'a', 1000, 1000, 1, ?, 1000, 1000, 1, 0, 0, 0, 0, 0),
           (1, 'd', '', 'b', 4000, 0, 2, ?, 4000, 0, 2, 0, 0, 0, 0, 0)`,
        now,
        now,
        now,
      );
      sql.exec("INSERT INTO fresh VALUES (1, 'd', '', 'b', 4000, 0)");
      migrateAggregator(sql);
      const chunks = sql
        .exec<{ shard: number; rows: string }>(
          'SELECT shard, rows FROM shard_totals ORDER BY shard',
        )
        .toArray()
        .map((c) => [c.shard, JSON.parse(c.rows).length]);
      expect(chunks).toEqual([
        [0, 1],
        [1, 2],
      ]);
      expect(
        JSON.parse(
          sql.exec<{ rows: string }>('SELECT rows FROM shard_fresh WHERE shard = 1').one().rows,
        ),
      ).toEqual([['d', '', 'b', 4000, 0]]);
    });
    const totals = JSON.parse((await stub.rawTotals(APP)).json);
    expect(totals).toMatchObject({ version: 5, shards: { '0': 3, '1': 6 } });
    expect(totals.decisions.d['']).toEqual({
      a: { raw: [7, 3, 4], bounded: [7, 3, 4] },
      b: { raw: [4, 0, 2], bounded: [4, 0, 2] },
    });
  });
});
