// Internal: a PriorsAggregator's record of each decision over time (arm_history,
// kappa_history), served by GET /v1/apps/:app/history. Written once a minute (and when read),
// only for what changed since the last row: one row per arm key and minute (at the minute's
// start), rolled up to the last row of each hour once a day old, expired after 90 days.

import type { AppConfig } from './config.ts';
import type { ArmTotals } from './snapshot.ts';
import { kappaOf } from './snapshot.ts';
import { computeStats } from './stats.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** How long history is kept (hour rows). */
export const HISTORY_KEEP_MS = 90 * DAY;

/** How long minute rows are kept before the roll-up keeps only each hour's last. */
export const MINUTE_ROWS_MS = DAY;

// P(best) in the history is drawn from a fixed seed: totals that did not change give the same
// value, so they write no row.
const PBEST_SEED = 0x5eed;

const ROWS = 'FROM json_each(?) WHERE true';

/** What the history records of one arm key, rounded as stored. */
export interface ArmPoint {
  readonly s: number;
  readonly f: number;
  readonly n: number;
  /** The arm's share of its decision and context's impressions; null without impressions. */
  readonly share: number | null;
  readonly pBest: number;
}

/** One decision's points by arm key (`<context>\0<arm>`), and its estimated κ (null: fallback). */
export interface DecisionPoints {
  readonly arms: ReadonlyMap<string, ArmPoint>;
  readonly kappa: number | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const round = (value: number, places: number) => {
  const scale = 10 ** places;
  return Math.round(value * scale) / scale;
};

/** The decisions in which an arm key's published totals or κ statistics differ. */
export function changedDecisions(
  before: readonly ArmTotals[],
  after: readonly ArmTotals[],
): Set<string> {
  const changed = new Set<string>();
  const old = new Map(before.map((t) => [`${t.decision}\0${t.context}\0${t.arm}`, t]));
  for (const t of after) {
    const key = `${t.decision}\0${t.context}\0${t.arm}`;
    const was = old.get(key);
    old.delete(key);
    if (
      was === undefined ||
      was.bs !== t.bs ||
      was.bf !== t.bf ||
      was.bn !== t.bn ||
      was.kappa.k !== t.kappa.k ||
      was.kappa.n !== t.kappa.n ||
      was.kappa.x !== t.kappa.x ||
      was.kappa.q !== t.kappa.q ||
      was.kappa.r !== t.kappa.r
    ) {
      changed.add(t.decision);
    }
  }
  for (const t of old.values()) changed.add(t.decision);
  return changed;
}

/**
 * The points of the given decisions as GET /stats would show them (bounded totals, share of
 * the context's impressions, P(best) within the context), P(best) rounded to thousandths and
 * share to ten-thousandths, and each decision's κ once estimated.
 */
export function decisionPoints(
  app: string,
  config: AppConfig,
  totals: readonly ArmTotals[],
  decisions: ReadonlySet<string>,
  now: number,
): Map<string, DecisionPoints> {
  // In a fixed order, so that P(best)'s draws fall on the same arms whichever shard an arm
  // key first came from.
  const wanted = totals
    .filter((t) => decisions.has(t.decision))
    .sort((a, b) => cmp(a.decision, b.decision) || cmp(a.context, b.context) || cmp(a.arm, b.arm));
  const bounded = wanted.map((t) => ({ ...t, s: t.bs, f: t.bf, n: t.bn }));
  const stats = computeStats(app, config, bounded, now, PBEST_SEED);
  const kappa = kappaOf(wanted, config);
  const out = new Map<string, DecisionPoints>();
  for (const decision of decisions) {
    const k = kappa[decision];
    out.set(decision, {
      arms: new Map(),
      kappa: k === undefined || k.source === 'fallback' ? null : k.value,
    });
  }
  for (const d of stats.decisions) {
    const arms = out.get(d.decision)?.arms as Map<string, ArmPoint> | undefined;
    for (const a of d.arms) {
      arms?.set(`${a.context}\0${a.arm}`, {
        s: a.s,
        f: a.f,
        n: a.n,
        share: a.share === null ? null : round(a.share, 4),
        pBest: round(a.pBest, 3),
      });
    }
  }
  return out;
}

const samePoint = (a: ArmPoint | undefined, b: ArmPoint) =>
  a !== undefined &&
  a.s === b.s &&
  a.f === b.f &&
  a.n === b.n &&
  a.share === b.share &&
  a.pBest === b.pBest;

const GONE: ArmPoint = { s: 0, f: 0, n: 0, share: null, pBest: 0 };

/**
 * Writes, at the start of the current minute (replacing a row of the same minute), a row for
 * each arm key whose point differs from `before` (an arm key that left the totals gets one
 * zero row), and a κ row where the decision's estimated κ changed. Returns the rows written.
 * Must run inside `transactionSync`.
 */
export function recordHistory(
  sql: SqlStorage,
  before: ReadonlyMap<string, DecisionPoints>,
  after: ReadonlyMap<string, DecisionPoints>,
  now: number,
): number {
  const at = Math.floor(now / MINUTE) * MINUTE;
  const arms: [string, string, string, number, number, number, number, number | null, number][] =
    [];
  const kappa: [string, number, number][] = [];
  for (const [decision, next] of after) {
    const prev = before.get(decision);
    for (const [key, point] of next.arms) {
      if (samePoint(prev?.arms.get(key), point)) continue;
      const [context, arm] = splitKey(key);
      arms.push([decision, context, arm, at, point.s, point.f, point.n, point.share, point.pBest]);
    }
    for (const [key, point] of prev?.arms ?? []) {
      if (next.arms.has(key) || samePoint(point, GONE)) continue;
      const [context, arm] = splitKey(key);
      arms.push([decision, context, arm, at, GONE.s, GONE.f, GONE.n, GONE.share, GONE.pBest]);
    }
    if (next.kappa !== null && next.kappa !== (prev?.kappa ?? null)) {
      kappa.push([decision, at, next.kappa]);
    }
  }
  if (arms.length > 0) {
    sql.exec(
      `INSERT OR REPLACE INTO arm_history (decision, context, arm, at, s, f, n, share, p_best)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
              value ->> 6, value ->> 7, value ->> 8 ${ROWS}`,
      JSON.stringify(arms),
    );
  }
  if (kappa.length > 0) {
    sql.exec(
      `INSERT OR REPLACE INTO kappa_history (decision, at, value)
       SELECT value ->> 0, value ->> 1, value ->> 2 ${ROWS}`,
      JSON.stringify(kappa),
    );
  }
  return arms.length + kappa.length;
}

/**
 * The points and κ last recorded for the given decisions (each arm key's latest row, zero rows
 * of arm keys that left included): what {@link recordHistory} compares against.
 */
export function lastPoints(
  sql: SqlStorage,
  decisions: ReadonlySet<string>,
): Map<string, DecisionPoints> {
  const out = new Map<string, DecisionPoints>();
  if (decisions.size === 0) return out;
  const names = JSON.stringify([...decisions]);
  const kappa = new Map(
    sql
      .exec<{ decision: string; value: number }>(
        `SELECT h.decision, h.value FROM kappa_history h
         WHERE h.decision IN (SELECT value ${ROWS}) AND h.at = (
           SELECT MAX(at) FROM kappa_history WHERE decision = h.decision)`,
        names,
      )
      .toArray()
      .map((r) => [r.decision, r.value]),
  );
  for (const decision of decisions) {
    out.set(decision, { arms: new Map(), kappa: kappa.get(decision) ?? null });
  }
  for (const r of sql
    .exec<{
      decision: string;
      context: string;
      arm: string;
      s: number;
      f: number;
      n: number;
      share: number | null;
      p_best: number;
    }>(
      `SELECT h.decision, h.context, h.arm, h.s, h.f, h.n, h.share, h.p_best FROM arm_history h
       WHERE h.decision IN (SELECT value ${ROWS}) AND h.at = (
         SELECT MAX(at) FROM arm_history
         WHERE decision = h.decision AND context = h.context AND arm = h.arm)`,
      names,
    )
    .toArray()) {
    (out.get(r.decision)?.arms as Map<string, ArmPoint> | undefined)?.set(
      `${r.context}\0${r.arm}`,
      {
        s: r.s,
        f: r.f,
        n: r.n,
        share: r.share,
        pBest: r.p_best,
      },
    );
  }
  return out;
}

function splitKey(key: string): [string, string] {
  const nul = key.indexOf('\0');
  return [key.slice(0, nul), key.slice(nul + 1)];
}

/**
 * The roll-up and retention: drops rows older than {@link HISTORY_KEEP_MS}, and of the rows
 * older than {@link MINUTE_ROWS_MS} keeps only the last of each hour (every recorded value is
 * as of its moment, cumulative totals included, so an hour's last row is the hour's value).
 * Must run inside `transactionSync`.
 */
export function pruneHistory(sql: SqlStorage, now: number): void {
  sql.exec('DELETE FROM arm_history WHERE at < ?', now - HISTORY_KEEP_MS);
  sql.exec('DELETE FROM kappa_history WHERE at < ?', now - HISTORY_KEEP_MS);
  sql.exec(
    `DELETE FROM arm_history WHERE at < ? AND EXISTS (
       SELECT 1 FROM arm_history later
       WHERE later.decision = arm_history.decision AND later.context = arm_history.context
         AND later.arm = arm_history.arm AND later.at > arm_history.at
         AND later.at / ${HOUR} = arm_history.at / ${HOUR})`,
    now - MINUTE_ROWS_MS,
  );
  sql.exec(
    `DELETE FROM kappa_history WHERE at < ? AND EXISTS (
       SELECT 1 FROM kappa_history later
       WHERE later.decision = kappa_history.decision AND later.at > kappa_history.at
         AND later.at / ${HOUR} = kappa_history.at / ${HOUR})`,
    now - MINUTE_ROWS_MS,
  );
}
