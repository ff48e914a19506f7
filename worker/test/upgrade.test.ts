import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { addDispersion, clientTerm } from '@crowdbandit/core';
import { experimentDelta } from '@crowdbandit/protocol';
import { describe, expect, it } from 'vitest';
import { migrateAggregator } from '../src/aggregator-schema.ts';
import type { ClientShard, TotalsRow } from '../src/client-shard.ts';
import { appsOf } from '../src/config.ts';
import { boundsOf } from '../src/contribution.ts';
import type { PriorsAggregator } from '../src/priors-aggregator.ts';
import { migrateShard, SHARD_SCHEMA_VERSION } from '../src/shard-schema.ts';
import { SHARD_V2 } from './old-schemas.ts';

// The storage of a shard and an aggregator as the first release wrote it.
const SHARD_V1 = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE clients (client_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_version INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE totals (decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE tallies (client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE usage (client_id TEXT NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     window INTEGER NOT NULL, weight REAL NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (client_id, decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE seen_events (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID`,
];

// The storage of an aggregator as the release before experiments wrote it (its shard's is
// SHARD_V2).
const AGGREGATOR_V2 = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE shards (shard INTEGER PRIMARY KEY, version INTEGER NOT NULL)`,
  `CREATE TABLE totals (shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     bs REAL NOT NULL DEFAULT 0, bf REAL NOT NULL DEFAULT 0, bn REAL NOT NULL DEFAULT 0,
     dk REAL NOT NULL DEFAULT 0, dn REAL NOT NULL DEFAULT 0, dx REAL NOT NULL DEFAULT 0,
     dq REAL NOT NULL DEFAULT 0, dr REAL NOT NULL DEFAULT 0,
     PRIMARY KEY (shard, decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE fresh (shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     bs REAL NOT NULL, bf REAL NOT NULL, PRIMARY KEY (shard, decision, context, arm)) WITHOUT ROWID`,
  `CREATE TABLE alerts (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,
     decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     started_at INTEGER NOT NULL, ended_at INTEGER, value REAL NOT NULL, threshold REAL NOT NULL)`,
  `CREATE INDEX alerts_open ON alerts (kind, decision, context, arm, ended_at)`,
];

function dropAll(sql: SqlStorage): void {
  const tables = sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    )
    .toArray();
  for (const { name } of tables) sql.exec(`DROP TABLE ${name}`);
}

describe('a shard written by the first release', () => {
  it('upgrades in place: bounded sums and κ statistics rebuilt from the tallies, seqs kept', async () => {
    const stub = env.SHARDS.getByName('tight:0');
    const now = Date.now();
    await runInDurableObject(stub, (_: ClientShard, state) => {
      const { sql } = state.storage;
      dropAll(sql);
      for (const statement of SHARD_V1) sql.exec(statement);
      sql.exec(
        "INSERT INTO meta (key, value) VALUES ('app', 'tight'), ('shard', 0), ('version', 7)",
      );
      sql.exec("INSERT INTO clients VALUES ('old-client-a', 3, 6), ('old-client-b', 1, 7)");
      sql.exec(
        "INSERT INTO tallies VALUES ('old-client-a', 'd', '', 'a', 30000, 10000, 4, ?), ('old-client-b', 'd', '', 'a', 2000, 0, 0, ?)",
        now,
        now,
      );
      sql.exec("INSERT INTO totals VALUES ('d', '', 'a', 32000, 10000, 4, ?)", now);
      sql.exec("INSERT INTO usage VALUES ('old-client-a', 'd', '', 'a', 1, 10000, 4)");
      migrateShard(sql);
      const tables = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
        .toArray()
        .map((t) => t.name);
      expect(tables).not.toContain('usage');
    });

    // The upgraded shard answers batches; the first one rebuilds what the bounds derive.
    const replay = await stub.applyBatch(
      'tight',
      0,
      {
        clientId: 'old-client-a',
        seq: 3,
        deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }],
      },
      false,
    );
    expect(replay).toMatchObject({ kind: 'ack', ack: { status: 'duplicate', shardVersion: 6 } });
    const { rows } = await stub.totals();
    const [row] = rows as TotalsRow[];
    const [, , , s, f, n, , bs, bf, bn, k, dn, dx, dq, dr] = row!;
    expect([s, f, n]).toEqual([32000, 10000, 4]);
    // tight bounds a client to 10 of weight: a's 30:10 counts 7.5:2.5, b's 2:0 whole.
    expect([bs, bf, bn]).toEqual([9500, 2500, 4]);
    // b's 2 events are under kappa.minClientWeight (10): only a counts in κ's statistics.
    const kappa = addDispersion(clientTerm(30, 40), clientTerm(2, 2, 10));
    expect(k).toBe(kappa.k);
    expect(dn).toBeCloseTo(kappa.n, 9);
    expect(dx).toBeCloseTo(kappa.x, 9);
    expect(dq).toBeCloseTo(kappa.q, 9);
    expect(dr).toBeCloseTo(kappa.r, 9);

    // An unsigned id the shard counted before is still accepted, and continues its seqs.
    const next = await stub.applyBatch(
      'tight',
      0,
      {
        clientId: 'old-client-a',
        seq: 4,
        deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }],
      },
      false,
    );
    expect(next).toMatchObject({ kind: 'ack', ack: { status: 'accepted', seq: 4 } });
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });
});

describe('an aggregator written by the first release', () => {
  it('keeps serving its shards’ rows, unbounded, until they push again', async () => {
    const stub = env.PRIORS.getByName('fading');
    const now = Date.now();
    await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      dropAll(sql);
      sql.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID');
      sql.exec('CREATE TABLE shards (shard INTEGER PRIMARY KEY, version INTEGER NOT NULL)');
      sql.exec(`CREATE TABLE totals (shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL,
        arm TEXT NOT NULL, s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
        PRIMARY KEY (shard, decision, context, arm)) WITHOUT ROWID`);
      sql.exec("INSERT INTO meta VALUES ('version', 4)");
      sql.exec('INSERT INTO shards VALUES (0, 9)');
      sql.exec("INSERT INTO totals VALUES (0, 'news', '', 'story', 6000, 2000, 3, ?)", now);
      migrateAggregator(sql);
    });
    const snapshot = JSON.parse((await stub.snapshot('fading')).json);
    expect(snapshot.version).toBe(4);
    expect(snapshot.shards).toEqual({ '0': 9 });
    // 'fading' halves every minute: a few milliseconds have passed since the rows were written.
    const [s, f] = snapshot.decisions.news[''].story;
    expect(s).toBeCloseTo(6, 1);
    expect(f).toBeCloseTo(2, 1);
  });
});

describe('a shard written by the release before experiments', () => {
  it('upgrades in place: its seqs and totals kept, experiment counts taken from then on', async () => {
    // An object of its own: one that ran before holds its state in memory.
    const stub = env.SHARDS.getByName('tight:0:v2');
    const now = Date.now();
    await runInDurableObject(stub, (_: ClientShard, state) => {
      const { sql } = state.storage;
      dropAll(sql);
      for (const statement of SHARD_V2) sql.exec(statement);
      sql.exec(
        `INSERT INTO meta (key, value) VALUES ('app', 'tight'), ('shard', 0), ('version', 5),
           ('schema', 2), ('bounds', ?)`,
        JSON.stringify(boundsOf(appsOf(env).get('tight')!)),
      );
      sql.exec("INSERT INTO clients VALUES ('v2-client-a', 2, 5, ?)", now);
      sql.exec("INSERT INTO tallies VALUES ('v2-client-a', 'd', '', 'a', 3000, 1000, 0, ?)", now);
      sql.exec(
        "INSERT INTO totals VALUES ('d', '', 'a', 3000, 1000, 0, ?, 3000, 1000, 0, 0, 0, 0, 0, 0)",
        now,
      );
      migrateShard(sql);
      const schema = sql
        .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'")
        .toArray()[0];
      expect(schema?.value).toBe(SHARD_SCHEMA_VERSION);
    });

    const replay = await stub.applyBatch(
      'tight',
      0,
      {
        clientId: 'v2-client-a',
        seq: 2,
        deltas: [{ decision: 'd', context: '', arm: 'a', s: 1, f: 0 }],
      },
      true,
    );
    expect(replay).toMatchObject({ kind: 'ack', ack: { status: 'duplicate', shardVersion: 5 } });
    const next = await stub.applyBatch(
      'tight',
      0,
      {
        clientId: 'v2-client-a',
        seq: 3,
        deltas: [
          experimentDelta({ experiment: 'x', phase: 1, variation: 1, metric: null, value: 1 }),
          experimentDelta({ experiment: 'x', phase: 1, variation: 1, metric: 'buy', value: 2 }),
        ],
      },
      true,
    );
    expect(next).toMatchObject({
      kind: 'ack',
      ack: { status: 'accepted', seq: 3, shardVersion: 6 },
    });
    expect((await stub.experiments()).rows).toEqual([
      ['x', 1, 1, '', 1, 0, 0, 0],
      ['x', 1, 1, 'buy', 1, 2000, 2000 ** 2, 0],
    ]);
    const { rows } = await stub.totals();
    expect((rows as TotalsRow[]).map((r) => r.slice(0, 6))).toEqual([
      ['d', '', 'a', 3000, 1000, 0],
    ]);
    await runInDurableObject(stub, (_: ClientShard, state) => state.storage.deleteAlarm());
  });
});

describe('an aggregator written by the release before experiments', () => {
  it('upgrades in place: its priors kept, experiments and their sums taken from then on', async () => {
    const stub = env.PRIORS.getByName('tight');
    const now = Date.now();
    await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      dropAll(sql);
      for (const statement of AGGREGATOR_V2) sql.exec(statement);
      sql.exec("INSERT INTO meta VALUES ('version', 8), ('schema', 2)");
      sql.exec('INSERT INTO shards VALUES (0, 3)');
      sql.exec(
        "INSERT INTO totals VALUES (0, 'd', '', 'a', 6000, 2000, 3, ?, 6000, 2000, 3, 0, 0, 0, 0, 0)",
        now,
      );
      migrateAggregator(sql);
    });
    const snapshot = JSON.parse((await stub.snapshot('tight')).json);
    expect(snapshot).toMatchObject({ version: 8, decisions: { d: { '': { a: [6, 2] } } } });
    expect(await stub.experimentsVersion()).toBe(0);
    const created = await stub.createExperiment({
      key: 'after-upgrade',
      variations: [{ key: 'a' }, { key: 'b' }],
    });
    expect(created).toMatchObject({ ok: true, value: { status: 'draft' } });
    expect(await stub.experimentsVersion()).toBe(1);
    const merged = await stub.merge(
      'tight',
      0,
      4,
      [],
      [],
      [['after-upgrade', 1, 0, '', 3, 0, 0, 0]],
    );
    expect(merged).toEqual({ applied: true, version: 9 });
  });
});

describe('an aggregator written by the release before history', () => {
  it('upgrades in place: its first record has every arm key, later ones what changed', async () => {
    const stub = env.PRIORS.getByName('fading:v3');
    const now = Date.now();
    // Schema 3 is schema 4 without the history tables: schema 2 with the experiment tables.
    await runInDurableObject(stub, (_: PriorsAggregator, state) => {
      const { sql } = state.storage;
      dropAll(sql);
      migrateAggregator(sql);
      for (const table of ['arm_history', 'kappa_history', 'shard_totals', 'shard_fresh', 'meta']) {
        sql.exec(`DROP TABLE ${table}`);
      }
      sql.exec('DROP TABLE alerts');
      sql.exec('DROP TABLE shards');
      for (const statement of AGGREGATOR_V2) sql.exec(statement);
      sql.exec("INSERT INTO meta VALUES ('schema', 3)");
      sql.exec("INSERT INTO meta VALUES ('version', 12)");
      sql.exec('INSERT INTO shards VALUES (0, 7)');
      sql.exec(
        "INSERT INTO totals VALUES (0, 'd', '', 'a', 6000, 2000, 3, ?, 6000, 2000, 3, 0, 0, 0, 0, 0)",
        now,
      );
      migrateAggregator(sql);
    });
    const rows = () =>
      runInDurableObject(stub, (_: PriorsAggregator, state) =>
        state.storage.sql
          .exec<{ arm: string; s: number }>('SELECT arm, s FROM arm_history ORDER BY arm, at')
          .toArray(),
      );
    expect(await rows()).toEqual([]);
    // Shard 1's push leaves shard 0's arm key as it was, yet it enters the history.
    const t = Date.now();
    expect(await stub.merge('fading', 1, 1, [pushed('d', 'b', 1000, t)])).toEqual({
      applied: true,
      version: 13,
    });
    await runDurableObjectAlarm(stub);
    expect(await rows()).toEqual([
      { arm: 'a', s: expect.closeTo(6, 2) },
      { arm: 'b', s: expect.closeTo(1, 2) },
    ]);
    await stub.merge('fading', 1, 2, [pushed('d', 'b', 2000, t)]);
    await runDurableObjectAlarm(stub);
    const later = await rows();
    expect(later.filter((r) => r.arm === 'a')).toEqual([{ arm: 'a', s: expect.closeTo(6, 2) }]);
    expect(later.at(-1)).toEqual({ arm: 'b', s: expect.closeTo(2, 2) });
    const schema = await runInDurableObject(
      stub,
      (_: PriorsAggregator, state) =>
        state.storage.sql
          .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'schema'")
          .one().value,
    );
    expect(schema).toBe(5);
  });
});

function pushed(decision: string, arm: string, s: number, t: number): TotalsRow {
  return [decision, '', arm, s, 0, 1, t, s, 0, 1, 0, 0, 0, 0, 0];
}
