// Internal: the whole-batch SQL of a ClientShard. One JSON parameter expanded by json_each
// replaces a statement per delta (Durable Object SQL also caps bound parameters at 100).

import { decayFactor } from '@crowdbandit/core';
import { clampToCap } from './caps.ts';
import { type AppConfig, decisionSettings } from './config.ts';

/** Counts for one arm key in milli-units. */
export interface Item {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

const ROWS = `FROM json_each(?) WHERE true`;
const COLS = `value ->> 0, value ->> 1, value ->> 2`;

/**
 * Adds a client's items after its caps to usage, totals and tallies. Returns what the caps
 * removed, per item (null where nothing was). Items must have distinct arm keys (batches do;
 * merge events first). Must run inside `transactionSync`.
 */
export function addItems(
  sql: SqlStorage,
  config: AppConfig,
  client: string,
  items: readonly Item[],
  now: number,
): ({ s: number; f: number } | null)[] {
  if (items.length === 0) return [];
  const limits = {
    windowMs: config.caps.windowMs,
    weightMilli: Math.round(config.caps.weightPerArm * 1000),
    impressions: config.caps.impressionsPerArm,
  };
  const window = Math.floor(now / limits.windowMs);
  // Count everything offered, then read back each row's new use: a row over its cap
  // is cut back below, which is the rare path.
  const used = sql
    .exec<{ decision: string; context: string; arm: string; weight: number; n: number }>(
      `INSERT INTO usage (client_id, decision, context, arm, window, weight, n)
       SELECT ?, ${COLS}, ?, value ->> 3, value ->> 4 ${ROWS}
       ON CONFLICT DO UPDATE SET
         weight = CASE WHEN usage.window = excluded.window THEN usage.weight + excluded.weight ELSE excluded.weight END,
         n = CASE WHEN usage.window = excluded.window THEN usage.n + excluded.n ELSE excluded.n END,
         window = excluded.window
       RETURNING decision, context, arm, weight, n`,
      client,
      window,
      JSON.stringify(items.map((i) => [i.decision, i.context, i.arm, i.s + i.f, i.n])),
    )
    .toArray();
  const after = new Map(used.map((u) => [`${u.decision}/${u.context}/${u.arm}`, u]));
  const removed: ({ s: number; f: number } | null)[] = [];
  const kept: Item[] = items.map((item) => {
    const u = after.get(`${item.decision}/${item.context}/${item.arm}`)!;
    const before = { window, weight: u.weight - item.s - item.f, n: u.n - item.n };
    const capped = clampToCap(before, item, now, limits);
    removed.push(capped.removed);
    if (capped.usage.weight !== u.weight || capped.usage.n !== u.n) {
      sql.exec(
        'UPDATE usage SET weight = ?, n = ? WHERE client_id = ? AND decision = ? AND context = ? AND arm = ?',
        capped.usage.weight,
        capped.usage.n,
        client,
        item.decision,
        item.context,
        item.arm,
      );
    }
    return { ...item, s: capped.s, f: capped.f, n: capped.n };
  });
  addToTable(sql, 'totals', null, config, kept, now);
  addToTable(sql, 'tallies', client, config, kept, now);
  return removed;
}

// Adds items to totals (client null) or one client's tallies. Without decay the database
// adds; with a half-life the stored value decays to `now` first, in JavaScript, exactly as
// @crowdbandit/core decays evidence.
function addToTable(
  sql: SqlStorage,
  table: 'totals' | 'tallies',
  client: string | null,
  config: AppConfig,
  items: readonly Item[],
  now: number,
): void {
  const plain: Item[] = [];
  const decaying: Item[] = [];
  for (const item of items) {
    (decisionSettings(config, item.decision).halfLifeMs === Number.POSITIVE_INFINITY
      ? plain
      : decaying
    ).push(item);
  }
  // Tallies carry the client id as a leading bound parameter; totals have none.
  const keyCols = client === null ? 'decision, context, arm' : 'client_id, decision, context, arm';
  const keyVals = client === null ? COLS : `?, ${COLS}`;
  const clientParam = client === null ? [] : [client];
  if (plain.length > 0) {
    sql.exec(
      `INSERT INTO ${table} (${keyCols}, s, f, n, t)
       SELECT ${keyVals}, value ->> 3, value ->> 4, value ->> 5, ? ${ROWS}
       ON CONFLICT DO UPDATE SET s = s + excluded.s, f = f + excluded.f, n = n + excluded.n, t = max(t, excluded.t)`,
      ...clientParam,
      now,
      JSON.stringify(plain.map((i) => [i.decision, i.context, i.arm, i.s, i.f, i.n])),
    );
  }
  if (decaying.length > 0) {
    const where = client === null ? '' : 'AND x.client_id = ?';
    const current = new Map(
      sql
        .exec<{
          decision: string;
          context: string;
          arm: string;
          s: number;
          f: number;
          n: number;
          t: number;
        }>(
          `SELECT x.decision, x.context, x.arm, x.s, x.f, x.n, x.t FROM ${table} x
           JOIN (SELECT value ->> 0 AS decision, value ->> 1 AS context, value ->> 2 AS arm FROM json_each(?)) k
             ON x.decision = k.decision AND x.context = k.context AND x.arm = k.arm ${where}`,
          JSON.stringify(decaying.map((i) => [i.decision, i.context, i.arm])),
          ...clientParam,
        )
        .toArray()
        .map((r) => [`${r.decision}/${r.context}/${r.arm}`, r]),
    );
    const rows = decaying.map((i) => {
      const old = current.get(`${i.decision}/${i.context}/${i.arm}`);
      const k =
        old === undefined
          ? 1
          : decayFactor(now - old.t, decisionSettings(config, i.decision).halfLifeMs);
      return [
        i.decision,
        i.context,
        i.arm,
        (old?.s ?? 0) * k + i.s,
        (old?.f ?? 0) * k + i.f,
        (old?.n ?? 0) + i.n,
        Math.max(now, old?.t ?? now),
      ];
    });
    sql.exec(
      `INSERT INTO ${table} (${keyCols}, s, f, n, t)
       SELECT ${keyVals}, value ->> 3, value ->> 4, value ->> 5, value ->> 6 ${ROWS}
       ON CONFLICT DO UPDATE SET s = excluded.s, f = excluded.f, n = excluded.n, t = excluded.t`,
      ...clientParam,
      JSON.stringify(rows),
    );
  }
}
