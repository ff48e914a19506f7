// Internal: the aggregator's alerts table. It opens and closes the `sudden-shift` alert (an arm
// whose published mean clients first seen in one push period moved by more than the app's
// `alerts.shiftPoints`, beyond chance) at each push, and logs the stats alerts (`dominant-arm`,
// `low-success`) with when they started and ended, so the dashboard can show both.
import { decayFactor, twoProportionZTest } from '@crowdbandit/core';
import {
  type LoggedAlert,
  MAX_LOGGED_ALERTS,
  type Stats,
  type StatsAlert,
} from '@crowdbandit/protocol';
import { alertMessage } from './alert-message.ts';
import { type AppConfig, decisionSettings } from './config.ts';

/** How long ended alerts are kept. */
export const ALERTS_KEEP_MS = 90 * 24 * 3_600_000;

/** A stats alert that lasts: it carries when it started. */
export type AggregatorAlert = StatsAlert & { readonly startedAt: number };

type ArmKey = {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
};

const keyOf = (r: ArmKey) => `${r.decision}\0${r.context}\0${r.arm}`;

/** An arm key's bounded sums in one shard's row, as of `t` (milli-units). */
export interface ShardSums extends ArmKey {
  readonly bs: number;
  readonly bf: number;
  readonly t: number;
}

/**
 * How many standard errors apart the fresh clients' mean and the older clients' must be for a
 * move to open an alert: new visitors arrive all the time, and by chance alone a few of them
 * move an arm with little evidence by a few points (3: about 1 in 370 under chance).
 */
export const SHIFT_MIN_Z = 3;

// How many standard errors the fresh clients' rate (fs:ff, milli-units) lies from the older
// clients' (bs:bf): 0 when either side has no evidence or both rates are 0 or 1.
const zScore = (fs: number, ff: number, bs: number, bf: number) =>
  Math.abs(twoProportionZTest({ s: bs / 1000, f: bf / 1000 }, { s: fs / 1000, f: ff / 1000 }).z);

/**
 * Re-evaluates the alert for the given arm keys after a merge: an arm is shifted when, with
 * at least `minEvidence` of evidence from older clients, its bounded mean with the fresh
 * clients differs from the mean without them by more than `shiftPoints`, and the fresh
 * clients' own mean differs from the older clients' beyond chance ({@link SHIFT_MIN_Z}
 * standard errors, their evidence taken as trials); an open alert ends once the move is at
 * most half `shiftPoints`. `rows` are every
 * shard's rows of those arm keys, `fresh` every shard's fresh sums of them. Opens an alert
 * where one starts and closes it where it ended. Must run inside `transactionSync`.
 */
export function updateShiftAlerts(
  sql: SqlStorage,
  config: AppConfig,
  keys: readonly ArmKey[],
  rows: Iterable<ShardSums>,
  fresh: Iterable<ArmKey & { readonly bs: number; readonly bf: number }>,
  now: number,
): void {
  if (keys.length === 0) return;
  const totals = new Map<string, { key: ArmKey; s: number; f: number; fs: number; ff: number }>();
  for (const r of rows) {
    const k = decayFactor(now - r.t, decisionSettings(config, r.decision).halfLifeMs);
    const sum = totals.get(keyOf(r)) ?? { key: r, s: 0, f: 0, fs: 0, ff: 0 };
    sum.s += r.bs * k;
    sum.f += r.bf * k;
    totals.set(keyOf(r), sum);
  }
  for (const r of fresh) {
    const sum = totals.get(keyOf(r));
    if (sum === undefined) continue;
    sum.fs += r.bs;
    sum.ff += r.bf;
  }
  const { minEvidence, shiftPoints } = config.alerts;
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(keyOf(key))) continue;
    seen.add(keyOf(key));
    const sum = totals.get(keyOf(key));
    const baseS = sum === undefined ? 0 : Math.max(0, sum.s - sum.fs);
    const baseF = sum === undefined ? 0 : Math.max(0, sum.f - sum.ff);
    const shift =
      sum !== undefined && baseS + baseF >= minEvidence * 1000 && sum.s + sum.f > 0
        ? Math.abs(sum.s / (sum.s + sum.f) - baseS / (baseS + baseF)) * 100
        : 0;
    const open = sql
      .exec<{ id: number; value: number }>(
        `SELECT id, value FROM alerts WHERE kind = 'sudden-shift' AND decision = ? AND context = ?
           AND arm = ? AND ended_at IS NULL`,
        key.decision,
        key.context,
        key.arm,
      )
      .toArray()[0];
    // An open alert goes on above the threshold; a new one needs the move beyond chance too.
    if (
      shift > shiftPoints &&
      (open !== undefined || zScore(sum!.fs, sum!.ff, baseS, baseF) >= SHIFT_MIN_Z)
    ) {
      if (open === undefined) {
        sql.exec(
          `INSERT INTO alerts (kind, decision, context, arm, started_at, value, threshold)
           VALUES ('sudden-shift', ?, ?, ?, ?, ?, ?)`,
          key.decision,
          key.context,
          key.arm,
          now,
          shift,
          shiftPoints,
        );
      } else if (shift > open.value) {
        sql.exec('UPDATE alerts SET value = ? WHERE id = ?', shift, open.id);
      }
    } else if (open !== undefined && shift <= shiftPoints / 2) {
      // Half the threshold to end: a move that hovers about it stays one alert, not one
      // opened and ended (three rows written) at every push.
      sql.exec('UPDATE alerts SET ended_at = ? WHERE id = ?', now, open.id);
    }
  }
}

type AlertRow = {
  id: number;
  kind: StatsAlert['kind'];
  decision: string;
  context: string;
  arm: string;
  started_at: number;
  ended_at: number | null;
  value: number;
  threshold: number;
};

const LOGGED = new Set<StatsAlert['kind']>(['dominant-arm', 'low-success']);
const idOf = (a: Pick<StatsAlert, 'kind' | 'decision' | 'context' | 'arm'>) =>
  `${a.kind}\0${a.decision}\0${a.context}\0${a.arm}`;

/**
 * Logs the stats alerts open now (the `dominant-arm` and `low-success` of GET /stats): opens
 * a row for each new one, keeps the worst reading of one still open, and ends the open rows
 * no longer listed. Writes only what changed. Must run inside `transactionSync`.
 */
export function recordStatsAlerts(
  sql: SqlStorage,
  alerts: readonly StatsAlert[],
  now: number,
): void {
  const current = new Map(alerts.filter((a) => LOGGED.has(a.kind)).map((a) => [idOf(a), a]));
  const open = sql
    .exec<AlertRow>(
      `SELECT * FROM alerts WHERE ended_at IS NULL AND kind IN ('dominant-arm', 'low-success')`,
    )
    .toArray();
  for (const row of open) {
    const alert = current.get(idOf(row));
    current.delete(idOf(row));
    if (alert === undefined) {
      sql.exec('UPDATE alerts SET ended_at = ? WHERE id = ?', now, row.id);
    } else if (alert.kind === 'dominant-arm' ? alert.value > row.value : alert.value < row.value) {
      sql.exec('UPDATE alerts SET value = ? WHERE id = ?', alert.value, row.id);
    }
  }
  for (const a of current.values()) {
    sql.exec(
      `INSERT INTO alerts (kind, decision, context, arm, started_at, value, threshold)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      a.kind,
      a.decision,
      a.context,
      a.arm,
      now,
      a.value,
      a.threshold,
    );
  }
}

/** When each open stats alert started, by kind, decision, context and arm. */
export function openSince(sql: SqlStorage): Map<string, number> {
  return new Map(
    sql
      .exec<AlertRow>('SELECT * FROM alerts WHERE ended_at IS NULL')
      .toArray()
      .map((r) => [idOf(r), r.started_at]),
  );
}

/** Gives each listed alert the time its open row started, where it has one. */
export function withStartTimes<T extends StatsAlert>(
  alerts: readonly T[],
  since: ReadonlyMap<string, number>,
): T[] {
  return alerts.map((a) => {
    const startedAt = a.startedAt ?? since.get(idOf(a));
    return startedAt === undefined ? a : { ...a, startedAt };
  });
}

/** The alerts open now or ended at or after `since`, newest first, at most MAX_LOGGED_ALERTS. */
export function alertLog(sql: SqlStorage, since: number): LoggedAlert[] {
  return sql
    .exec<AlertRow>(
      `SELECT * FROM alerts WHERE ended_at IS NULL OR ended_at >= ?
       ORDER BY started_at DESC, id DESC LIMIT ?`,
      since,
      MAX_LOGGED_ALERTS,
    )
    .toArray()
    .map((r) => ({
      kind: r.kind,
      decision: r.decision,
      context: r.context,
      arm: r.arm,
      value: r.value,
      threshold: r.threshold,
      message: alertMessage(r),
      startedAt: r.started_at,
      endedAt: r.ended_at,
    }));
}

/** Drops alerts that ended more than {@link ALERTS_KEEP_MS} ago. */
export function pruneAlerts(sql: SqlStorage, now: number): void {
  sql.exec('DELETE FROM alerts WHERE ended_at < ?', now - ALERTS_KEEP_MS);
}

/** The sudden-shift alerts that have not ended, oldest first. */
export function openAlerts(sql: SqlStorage): AggregatorAlert[] {
  return sql
    .exec<{
      decision: string;
      context: string;
      arm: string;
      started_at: number;
      value: number;
      threshold: number;
    }>(
      `SELECT decision, context, arm, started_at, value, threshold FROM alerts
       WHERE ended_at IS NULL AND kind = 'sudden-shift' ORDER BY started_at, id`,
    )
    .toArray()
    .map((a) => ({
      kind: 'sudden-shift' as const,
      decision: a.decision,
      context: a.context,
      arm: a.arm,
      value: a.value,
      threshold: a.threshold,
      startedAt: a.started_at,
      message: alertMessage({ kind: 'sudden-shift', ...a }),
    }));
}

/**
 * The stats as GET /stats answers them: each listed alert with the start time of its open row,
 * and the open sudden shifts added to their decisions.
 */
export function withLoggedAlerts(sql: SqlStorage, stats: Stats): Stats {
  const since = openSince(sql);
  const decisions = stats.decisions.map((d) => ({
    ...d,
    alerts: withStartTimes(d.alerts, since),
  }));
  for (const alert of openAlerts(sql)) {
    const d = decisions.find((x) => x.decision === alert.decision);
    if (d === undefined) decisions.push({ decision: alert.decision, arms: [], alerts: [alert] });
    else d.alerts.push(alert);
  }
  return { ...stats, decisions };
}
