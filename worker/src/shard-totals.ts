// Internal: the whole-batch SQL of a ClientShard. One JSON parameter expanded by json_each
// replaces a statement per delta (Durable Object SQL also caps bound parameters at 100).

import { addDispersion, type DispersionSums, decayFactor, NO_DISPERSION } from '@crowdbandit/core';
import { type AppConfig, decisionSettings } from './config.ts';
import {
  boundsOf,
  type Contribution,
  contributionOf,
  decayedContribution,
  decayedSums,
  NO_CONTRIBUTION,
} from './contribution.ts';

/** Counts for one arm key in milli-units. */
export interface Item {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/** A tally or a totals row: raw counts in milli-units as of `t`. */
export interface Counted extends Item {
  readonly t: number;
}

/**
 * A row of a shard's totals: the raw sums (exactly-once is checked against these), the
 * bounded sums the crowd publishes, and the κ statistics, all as of `t`.
 */
export interface TotalsRecord extends Counted {
  readonly bs: number;
  readonly bf: number;
  readonly bn: number;
  readonly kappa: DispersionSums;
}

/** The source id of server-side events: the app's own server, trusted and not one user. */
export const SERVER_SOURCE = 'server:events';

const ROWS = `FROM json_each(?) WHERE true`;
const KEYS = `JOIN (SELECT value ->> 0 AS decision, value ->> 1 AS context, value ->> 2 AS arm FROM json_each(?)) k
  ON x.decision = k.decision AND x.context = k.context AND x.arm = k.arm`;

/** The totals columns, in the order of {@link totalsRow}. */
export const TOTALS_COLUMNS = 'decision, context, arm, s, f, n, t, bs, bf, bn, dk, dn, dx, dq, dr';

const keyOf = (r: { decision: string; context: string; arm: string }) =>
  `${r.decision}\0${r.context}\0${r.arm}`;

/** A totals row from SQL. */
export function totalsRecord(r: Record<string, SqlStorageValue>): TotalsRecord {
  return {
    decision: r.decision as string,
    context: r.context as string,
    arm: r.arm as string,
    s: r.s as number,
    f: r.f as number,
    n: r.n as number,
    t: r.t as number,
    bs: r.bs as number,
    bf: r.bf as number,
    bn: r.bn as number,
    kappa: {
      k: r.dk as number,
      n: r.dn as number,
      x: r.dx as number,
      q: r.dq as number,
      r: r.dr as number,
    },
  };
}

/** A totals record as a flat row, in {@link TOTALS_COLUMNS} order. */
export function totalsRow(r: TotalsRecord): (string | number)[] {
  const { kappa } = r;
  return [
    r.decision,
    r.context,
    r.arm,
    r.s,
    r.f,
    r.n,
    r.t,
    r.bs,
    r.bf,
    r.bn,
    kappa.k,
    kappa.n,
    kappa.x,
    kappa.q,
    kappa.r,
  ];
}

// Rounding may leave -1e-13 where a client's share was taken back out.
const plus = (a: number, b: number) => Math.max(0, a + b);

/**
 * A totals row (or none) decayed to `now` by `k`, plus `raw` new raw counts, with one
 * client's contribution changed from `before` to `after` (both as of `now`).
 */
export function changedTotals(
  key: Item,
  row: TotalsRecord | undefined,
  k: number,
  now: number,
  before: Contribution,
  after: Contribution,
): TotalsRecord {
  const old = row ?? { ...NO_CONTRIBUTION, s: 0, f: 0, n: 0, t: now };
  const kappa = addDispersion(
    addDispersion(decayedSums(old.kappa, k), after.kappa),
    before.kappa,
    -1,
  );
  return {
    decision: key.decision,
    context: key.context,
    arm: key.arm,
    s: plus(old.s * k, key.s),
    f: plus(old.f * k, key.f),
    n: plus(old.n, key.n),
    t: Math.max(now, old.t),
    bs: plus(old.bs * k, after.bs - before.bs),
    bf: plus(old.bf * k, after.bf - before.bf),
    bn: plus(old.bn, after.bn - before.bn),
    kappa: {
      k: Math.max(0, kappa.k),
      n: Math.max(0, kappa.n),
      x: Math.max(0, kappa.x),
      q: Math.max(0, kappa.q),
      r: Math.max(0, kappa.r),
    },
  };
}

/** Reads one client's tallies and the totals rows of the given arm keys. */
function readRows(sql: SqlStorage, client: string, items: readonly Item[]) {
  const keys = JSON.stringify(items.map((i) => [i.decision, i.context, i.arm]));
  const tallies = sql
    .exec<Record<string, SqlStorageValue>>(
      `SELECT x.decision, x.context, x.arm, x.s, x.f, x.n, x.t FROM tallies x ${KEYS} WHERE x.client_id = ?`,
      keys,
      client,
    )
    .toArray() as unknown as Counted[];
  const totals = sql
    .exec<Record<string, SqlStorageValue>>(
      `SELECT ${TOTALS_COLUMNS.replace(/(\w+)/g, 'x.$1')} FROM totals x ${KEYS}`,
      keys,
    )
    .toArray()
    .map(totalsRecord);
  return {
    tallies: new Map(tallies.map((r) => [keyOf(r), r])),
    totals: new Map(totals.map((r) => [keyOf(r), r])),
  };
}

/** Writes tallies of one client and totals rows (insert or replace). */
function writeRows(
  sql: SqlStorage,
  client: string,
  tallies: readonly Counted[],
  totals: readonly TotalsRecord[],
): void {
  if (tallies.length > 0) {
    sql.exec(
      `INSERT INTO tallies (client_id, decision, context, arm, s, f, n, t)
       SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 ${ROWS}
       ON CONFLICT DO UPDATE SET s = excluded.s, f = excluded.f, n = excluded.n, t = excluded.t`,
      client,
      JSON.stringify(tallies.map((r) => [r.decision, r.context, r.arm, r.s, r.f, r.n, r.t])),
    );
  }
  writeTotals(sql, totals);
}

/** Inserts or replaces totals rows. */
export function writeTotals(sql: SqlStorage, totals: readonly TotalsRecord[]): void {
  if (totals.length === 0) return;
  const values = TOTALS_COLUMNS.split(', ').map((_, i) => `value ->> ${i}`);
  const updates = TOTALS_COLUMNS.split(', ')
    .slice(3)
    .map((c) => `${c} = excluded.${c}`);
  sql.exec(
    `INSERT INTO totals (${TOTALS_COLUMNS}) SELECT ${values.join(', ')} ${ROWS}
     ON CONFLICT DO UPDATE SET ${updates.join(', ')}`,
    JSON.stringify(totals.map(totalsRow)),
  );
}

/**
 * Adds a source's items to its tallies and to the shard's totals: the raw sums take the
 * items as they are; the bounded sums and κ statistics swap the source's old contribution
 * for the one of its new cumulative tally. Items must have distinct arm keys (batches do;
 * merge events first). `trusted`: the app's server, counted whole. Must run inside
 * `transactionSync`.
 */
export function addItems(
  sql: SqlStorage,
  config: AppConfig,
  client: string,
  items: readonly Item[],
  now: number,
  trusted = false,
): void {
  if (items.length === 0) return;
  const bounds = boundsOf(config);
  const { tallies, totals } = readRows(sql, client, items);
  const newTallies: Counted[] = [];
  const newTotals: TotalsRecord[] = [];
  for (const item of items) {
    const h = decisionSettings(config, item.decision).halfLifeMs;
    const old = tallies.get(keyOf(item));
    const k = old === undefined ? 1 : decayFactor(now - old.t, h);
    const before =
      old === undefined
        ? NO_CONTRIBUTION
        : decayedContribution(contributionOf(old, bounds, trusted), k);
    const tally: Counted = {
      decision: item.decision,
      context: item.context,
      arm: item.arm,
      s: (old?.s ?? 0) * k + item.s,
      f: (old?.f ?? 0) * k + item.f,
      n: (old?.n ?? 0) + item.n,
      t: Math.max(now, old?.t ?? now),
    };
    const row = totals.get(keyOf(item));
    const kt = row === undefined ? 1 : decayFactor(now - row.t, h);
    newTallies.push(tally);
    newTotals.push(
      changedTotals(item, row, kt, now, before, contributionOf(tally, bounds, trusted)),
    );
  }
  writeRows(sql, client, newTallies, newTotals);
}

/**
 * Takes a source's whole contribution back out of the totals and deletes its tallies.
 * Returns how many arm keys it had. Must run inside `transactionSync`.
 */
export function removeSource(
  sql: SqlStorage,
  config: AppConfig,
  client: string,
  now: number,
): number {
  const rows = sql
    .exec<Record<string, SqlStorageValue>>(
      'SELECT decision, context, arm, s, f, n, t FROM tallies WHERE client_id = ?',
      client,
    )
    .toArray() as unknown as Counted[];
  if (rows.length === 0) return 0;
  const bounds = boundsOf(config);
  const trusted = client === SERVER_SOURCE;
  const { totals } = readRows(sql, client, rows);
  const newTotals: TotalsRecord[] = [];
  for (const tally of rows) {
    const h = decisionSettings(config, tally.decision).halfLifeMs;
    const k = decayFactor(now - tally.t, h);
    const row = totals.get(keyOf(tally));
    if (row === undefined) continue;
    const raw = { ...tally, s: -tally.s * k, f: -tally.f * k, n: -tally.n };
    const before = decayedContribution(contributionOf(tally, bounds, trusted), k);
    const kt = decayFactor(now - row.t, h);
    newTotals.push(changedTotals(raw, row, kt, now, before, NO_CONTRIBUTION));
  }
  writeTotals(sql, newTotals);
  sql.exec('DELETE FROM tallies WHERE client_id = ?', client);
  return rows.length;
}

/**
 * Recomputes every totals row's bounded sums and κ statistics from the tallies, as of
 * `now` (after a schema upgrade, or when the app's bounds changed); the raw sums decay to
 * `now` and stay. Must run inside `transactionSync`.
 */
export function rebuildDerived(sql: SqlStorage, config: AppConfig, now: number): void {
  const bounds = boundsOf(config);
  const sums = new Map<string, Contribution>();
  const cursor = sql.exec<Record<string, SqlStorageValue>>(
    'SELECT client_id, decision, context, arm, s, f, n, t FROM tallies',
  );
  for (const r of cursor) {
    const tally = r as unknown as Counted & { client_id: string };
    const h = decisionSettings(config, tally.decision).halfLifeMs;
    const c = decayedContribution(
      contributionOf(tally, bounds, tally.client_id === SERVER_SOURCE),
      decayFactor(now - tally.t, h),
    );
    const key = keyOf(tally);
    const sum = sums.get(key) ?? NO_CONTRIBUTION;
    sums.set(key, {
      bs: sum.bs + c.bs,
      bf: sum.bf + c.bf,
      bn: sum.bn + c.bn,
      kappa: addDispersion(sum.kappa, c.kappa),
    });
  }
  const rows = sql
    .exec<Record<string, SqlStorageValue>>(`SELECT ${TOTALS_COLUMNS} FROM totals`)
    .toArray()
    .map(totalsRecord)
    .map((row): TotalsRecord => {
      const k = decayFactor(now - row.t, decisionSettings(config, row.decision).halfLifeMs);
      const derived = sums.get(keyOf(row)) ?? { ...NO_CONTRIBUTION, kappa: NO_DISPERSION };
      return { ...row, s: row.s * k, f: row.f * k, t: Math.max(now, row.t), ...derived };
    });
  writeTotals(sql, rows);
}

/**
 * The bounded contributions, summed per arm key and decayed to `now`, of the clients the
 * shard first saw after `since` (for the sudden-shift alert), in milli-units.
 */
export function freshContributions(
  sql: SqlStorage,
  config: AppConfig,
  since: number,
  now: number,
): [decision: string, context: string, arm: string, bs: number, bf: number][] {
  const bounds = boundsOf(config);
  const sums = new Map<string, [string, string, string, number, number]>();
  const cursor = sql.exec<Record<string, SqlStorageValue>>(
    `SELECT x.decision, x.context, x.arm, x.s, x.f, x.n, x.t FROM clients c
     JOIN tallies x ON x.client_id = c.client_id WHERE c.first_seen > ?`,
    since,
  );
  for (const r of cursor) {
    const tally = r as unknown as Counted;
    const h = decisionSettings(config, tally.decision).halfLifeMs;
    const c = decayedContribution(
      contributionOf(tally, bounds, false),
      decayFactor(now - tally.t, h),
    );
    const key = keyOf(tally);
    const sum = sums.get(key) ?? [tally.decision, tally.context, tally.arm, 0, 0];
    sum[3] += c.bs;
    sum[4] += c.bf;
    sums.set(key, sum);
  }
  return [...sums.values()];
}
