// Internal: a ClientShard's totals, kept in memory and derived from its sources' tallies.
// Storage holds only the tallies (one blob per client, see encodeTallies): an accepted batch
// writes one row, and a shard that starts again sums its tallies back into totals.

import { addDispersion, type DispersionSums, decayFactor } from '@crowdbandit/core';
import { armRef } from '@crowdbandit/protocol';
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

/** The map key of an arm key. */
export const keyOf = (r: { decision: string; context: string; arm: string }) =>
  `${r.decision}\0${r.context}\0${r.arm}`;

/** A totals record as a flat row, in TotalsRow order (see client-shard.ts). */
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

/** A flat row of {@link totalsRow} back as a totals record. */
export function totalsFromRow(row: readonly (string | number)[]): TotalsRecord {
  const [decision, context, arm, s, f, n, t, bs, bf, bn, k, dn, x, q, r] = row as [
    string,
    string,
    string,
    ...number[],
  ];
  return {
    decision,
    context,
    arm,
    s: s!,
    f: f!,
    n: n!,
    t: t!,
    bs: bs!,
    bf: bf!,
    bn: bn!,
    kappa: { k: k!, n: dn!, x: x!, q: q!, r: r! },
  };
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

/** A tally as stored: `[decision, context, arm, s, f, n, t]`. */
type StoredTally = [string, string, string, number, number, number, number];

/** A source's cumulative tallies as the text of its row. */
export function encodeTallies(tallies: Iterable<Counted>): string {
  const rows: StoredTally[] = [];
  for (const r of tallies) rows.push([r.decision, r.context, r.arm, r.s, r.f, r.n, r.t]);
  return JSON.stringify(rows);
}

/** The tallies of a source's row, by arm key. */
export function decodeTallies(text: string): Map<string, Counted> {
  const tallies = new Map<string, Counted>();
  for (const [decision, context, arm, s, f, n, t] of JSON.parse(text) as StoredTally[]) {
    const tally = { decision, context, arm, s, f, n, t };
    tallies.set(keyOf(tally), tally);
  }
  return tallies;
}

/** What a change to one source does: its tallies afterwards, and the totals rows it changed. */
export interface SourceChange {
  readonly tallies: Map<string, Counted>;
  readonly totals: TotalsRecord[];
}

/**
 * A shard's totals per arm key, each with the shard version that last changed it, so a push
 * can send only the rows changed since the aggregator last acknowledged one. Changes are
 * planned first (`add`, `remove`) and applied with `commit` once their row is stored.
 *
 * @example
 * const totals = ShardTotals.of(config, [{ id: 'c1', tallies }], Date.now(), 0);
 * const change = totals.add(config, tallies, items, Date.now());
 * // ... store encodeTallies(change.tallies.values()) in the client's row, then:
 * totals.commit(change.totals, version);
 */
export class ShardTotals {
  readonly #rows = new Map<string, { row: TotalsRecord; version: number }>();
  /** Arms by decision, context and armRef (null: two arms share it); built on first use. */
  #refs: Map<string, string | null> | null = null;

  /**
   * The totals of the given sources' tallies, decayed to `now`, each row marked as changed at
   * `version`: the raw sums take every tally; the bounded sums and κ statistics add each
   * source's contribution (sources whose id is {@link SERVER_SOURCE} count whole).
   */
  static of(
    config: AppConfig,
    sources: Iterable<{ readonly id: string; readonly tallies: Iterable<Counted> }>,
    now: number,
    version: number,
  ): ShardTotals {
    const totals = new ShardTotals();
    for (const { id, tallies } of sources) totals.include(config, id, tallies, now, version);
    return totals;
  }

  /** Totals as stored (see {@link totalsFromRow}), each row marked as changed at `version`. */
  static fromRows(rows: Iterable<TotalsRecord>, version: number): ShardTotals {
    const totals = new ShardTotals();
    for (const row of rows) totals.#set(keyOf(row), row, version);
    return totals;
  }

  /**
   * Adds a source's whole tallies (decayed to `now`) to the totals at once, marking the rows
   * changed at `version`; the source must not be in the totals already.
   */
  include(
    config: AppConfig,
    id: string,
    tallies: Iterable<Counted>,
    now: number,
    version: number,
  ): void {
    const bounds = boundsOf(config);
    const trusted = id === SERVER_SOURCE;
    for (const tally of tallies) {
      const h = decisionSettings(config, tally.decision).halfLifeMs;
      const k = decayFactor(now - tally.t, h);
      const raw = { ...tally, s: tally.s * k, f: tally.f * k };
      const after = decayedContribution(contributionOf(tally, bounds, trusted), k);
      const key = keyOf(tally);
      const row = this.#rows.get(key)?.row;
      const kt = row === undefined ? 1 : decayFactor(now - row.t, h);
      this.#set(key, changedTotals(raw, row, kt, now, NO_CONTRIBUTION, after), version);
    }
  }

  /**
   * Plans adding a source's items to its tallies and to the totals: the raw sums take the
   * items as they are; the bounded sums and κ statistics swap the source's old contribution
   * for the one of its new cumulative tally. Items must have distinct arm keys (batches do;
   * merge events first). `trusted`: the app's server, counted whole.
   */
  add(
    config: AppConfig,
    tallies: ReadonlyMap<string, Counted>,
    items: readonly Item[],
    now: number,
    trusted = false,
  ): SourceChange {
    const bounds = boundsOf(config);
    const next = new Map(tallies);
    const totals: TotalsRecord[] = [];
    for (const item of items) {
      const h = decisionSettings(config, item.decision).halfLifeMs;
      const key = keyOf(item);
      const old = tallies.get(key);
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
      const row = this.#rows.get(key)?.row;
      const kt = row === undefined ? 1 : decayFactor(now - row.t, h);
      next.set(key, tally);
      totals.push(
        changedTotals(item, row, kt, now, before, contributionOf(tally, bounds, trusted)),
      );
    }
    return { tallies: next, totals };
  }

  /** Plans taking a source's whole contribution back out of the totals. */
  remove(
    config: AppConfig,
    tallies: ReadonlyMap<string, Counted>,
    now: number,
    trusted = false,
  ): SourceChange {
    const bounds = boundsOf(config);
    const totals: TotalsRecord[] = [];
    for (const [key, tally] of tallies) {
      const row = this.#rows.get(key)?.row;
      if (row === undefined) continue;
      const h = decisionSettings(config, tally.decision).halfLifeMs;
      const k = decayFactor(now - tally.t, h);
      const raw = { ...tally, s: -tally.s * k, f: -tally.f * k, n: -tally.n };
      const before = decayedContribution(contributionOf(tally, bounds, trusted), k);
      const kt = decayFactor(now - row.t, h);
      totals.push(changedTotals(raw, row, kt, now, before, NO_CONTRIBUTION));
    }
    return { tallies: new Map(), totals };
  }

  /** Applies planned totals rows, marking them changed at `version`. */
  commit(rows: readonly TotalsRecord[], version: number): void {
    for (const row of rows) this.#set(keyOf(row), row, version);
  }

  /**
   * The arm under `decision` and `context` whose armRef is `ref`, among those with a totals
   * row: undefined when there is none, null when two share the ref (a batch must spell it).
   *
   * @example
   * totals.armByRef('home-feed', '', armRef('the-dark-knight-2008')); // 'the-dark-knight-2008'
   */
  armByRef(decision: string, context: string, ref: number): string | null | undefined {
    if (this.#refs === null) {
      this.#refs = new Map();
      for (const { row } of this.#rows.values()) this.#index(row);
    }
    return this.#refs.get(`${decision}\u0000${context}\u0000${ref}`);
  }

  #set(key: string, row: TotalsRecord, version: number): void {
    if (this.#refs !== null && !this.#rows.has(key)) this.#index(row);
    this.#rows.set(key, { row, version });
  }

  #index(row: TotalsRecord): void {
    const key = `${row.decision}\u0000${row.context}\u0000${armRef(row.arm)}`;
    const arm = this.#refs!.get(key);
    this.#refs!.set(key, arm === undefined || arm === row.arm ? row.arm : null);
  }

  /** Whether the shard has any totals row. */
  get size(): number {
    return this.#rows.size;
  }

  /** The totals rows changed after `version` (all of them for -1), sorted by arm key. */
  rowsSince(version: number): TotalsRecord[] {
    const rows: TotalsRecord[] = [];
    for (const entry of this.#rows.values()) if (entry.version > version) rows.push(entry.row);
    return rows.sort(
      (a, b) =>
        compare(a.decision, b.decision) || compare(a.context, b.context) || compare(a.arm, b.arm),
    );
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The bounded contributions, summed per arm key and decayed to `now`, of the given clients'
 * tallies (the clients the shard first saw since its last push: the sudden-shift alert), in
 * milli-units.
 */
export function freshContributions(
  config: AppConfig,
  clients: Iterable<ReadonlyMap<string, Counted>>,
  now: number,
): [decision: string, context: string, arm: string, bs: number, bf: number][] {
  const bounds = boundsOf(config);
  const sums = new Map<string, [string, string, string, number, number]>();
  for (const tallies of clients) {
    for (const [key, tally] of tallies) {
      const h = decisionSettings(config, tally.decision).halfLifeMs;
      const c = decayedContribution(
        contributionOf(tally, bounds, false),
        decayFactor(now - tally.t, h),
      );
      const sum = sums.get(key) ?? [tally.decision, tally.context, tally.arm, 0, 0];
      sum[3] += c.bs;
      sum[4] += c.bf;
      sums.set(key, sum);
    }
  }
  return [...sums.values()];
}
