import { DurableObject } from 'cloudflare:workers';
import { decayFactor } from '@crowdbandit/core';
import {
  type Ack,
  type ClampedDelta,
  type DeltaBatch,
  fromMilli,
  toMilli,
} from '@crowdbandit/protocol';
import { type AppConfig, appsOf, decisionSettings } from './config.ts';
import { EVENT_MEMORY_MS, SHARD_SCHEMA } from './shard-schema.ts';
import { addItems } from './shard-writes.ts';

/** A row of cumulative totals as pushed to the aggregator: milli-units, decayed lazily from t. */
export type TotalsRow = readonly [
  decision: string,
  context: string,
  arm: string,
  s: number,
  f: number,
  n: number,
  t: number,
];

/** The outcome of a batch: an ack, or the seq the shard expects next. */
export type BatchOutcome =
  | { readonly kind: 'ack'; readonly ack: Ack }
  | { readonly kind: 'gap'; readonly expectedSeq: number };

/** A server-side event already turned into counts (milli-units) by the route. */
export interface EventCounts {
  readonly id: string;
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
  readonly s: number;
  readonly f: number;
  readonly n: number;
}

/**
 * One shard of an app's clients (`<app>:<shard>`, shard = hash32(clientId) mod shards).
 * Applies each client's batches exactly once — in one `transactionSync`, a batch with
 * seq ≤ last is a duplicate, seq > last+1 a gap, otherwise its deltas are added and last =
 * seq — caps what one client may add, keeps per-client tallies, and pushes its cumulative
 * totals to the app's PriorsAggregator from an alarm.
 */
export class ClientShard extends DurableObject<Env> {
  #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    for (const statement of SHARD_SCHEMA) this.#sql.exec(statement);
  }

  /** Applies one client's batch exactly once. */
  async applyBatch(app: string, shard: number, batch: DeltaBatch): Promise<BatchOutcome> {
    const config = this.#config(app, shard);
    const now = Date.now();
    const outcome = this.ctx.storage.transactionSync((): BatchOutcome => {
      const client = this.#sql
        .exec<{ last_seq: number; last_version: number }>(
          'SELECT last_seq, last_version FROM clients WHERE client_id = ?',
          batch.clientId,
        )
        .toArray()[0];
      const last = client?.last_seq ?? 0;
      if (batch.seq <= last) {
        return {
          kind: 'ack',
          ack: { status: 'duplicate', seq: batch.seq, shard, shardVersion: client!.last_version },
        };
      }
      if (batch.seq > last + 1) return { kind: 'gap', expectedSeq: last + 1 };
      const items = batch.deltas.map((d) => ({
        ...d,
        s: toMilli(d.s),
        f: toMilli(d.f),
        n: d.n ?? 0,
      }));
      const removed = addItems(this.#sql, config, batch.clientId, items, now);
      const clamped: ClampedDelta[] = [];
      removed.forEach((r, i) => {
        if (r === null) return;
        const d = batch.deltas[i]!;
        clamped.push({
          decision: d.decision,
          context: d.context,
          arm: d.arm,
          s: fromMilli(r.s),
          f: fromMilli(r.f),
        });
      });
      const version = this.#bumpVersion();
      this.#sql.exec(
        `INSERT INTO clients (client_id, last_seq, last_version) VALUES (?, ?, ?)
         ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq, last_version = excluded.last_version`,
        batch.clientId,
        batch.seq,
        version,
      );
      const ack: Ack = { status: 'accepted', seq: batch.seq, shard, shardVersion: version };
      return { kind: 'ack', ack: clamped.length > 0 ? { ...ack, clamped } : ack };
    });
    if (outcome.kind === 'ack' && outcome.ack.status === 'accepted')
      await this.#schedulePush(config);
    return outcome;
  }

  /** Applies server-side events, each at most once by id, on behalf of `source`. */
  async applyEvents(app: string, shard: number, source: string, events: readonly EventCounts[]) {
    const config = this.#config(app, shard);
    const now = Date.now();
    const result = this.ctx.storage.transactionSync(() => {
      let accepted = 0;
      let duplicates = 0;
      const fresh = new Map<string, EventCounts>();
      for (const e of events) {
        const seen =
          this.#sql.exec('SELECT 1 FROM seen_events WHERE id = ?', e.id).toArray().length > 0;
        if (seen) {
          duplicates += 1;
          continue;
        }
        this.#sql.exec('INSERT INTO seen_events (id, at) VALUES (?, ?)', e.id, now);
        const key = `${e.decision}/${e.context}/${e.arm}`;
        const sum = fresh.get(key);
        fresh.set(
          key,
          sum === undefined ? { ...e } : { ...sum, s: sum.s + e.s, f: sum.f + e.f, n: sum.n + e.n },
        );
        accepted += 1;
      }
      addItems(this.#sql, config, source, [...fresh.values()], now);
      if (accepted > 0) this.#bumpVersion();
      return { accepted, duplicates };
    });
    if (result.accepted > 0) await this.#schedulePush(config);
    return result;
  }

  /** Takes a client's contribution back out of the totals (its seq history stays). */
  async removeClient(app: string, shard: number, clientId: string) {
    const config = this.#config(app, shard);
    const now = Date.now();
    const result = this.ctx.storage.transactionSync(() => {
      const rows = this.#sql
        .exec<{
          decision: string;
          context: string;
          arm: string;
          s: number;
          f: number;
          n: number;
          t: number;
        }>('SELECT decision, context, arm, s, f, n, t FROM tallies WHERE client_id = ?', clientId)
        .toArray();
      for (const r of rows) {
        const h = decisionSettings(config, r.decision).halfLifeMs;
        const k = decayFactor(now - r.t, h);
        const total = this.#row(r.decision, r.context, r.arm);
        if (total === undefined) continue;
        const kt = decayFactor(now - total.t, h);
        this.#sql.exec(
          'UPDATE totals SET s = ?, f = ?, n = ?, t = ? WHERE decision = ? AND context = ? AND arm = ?',
          Math.max(0, total.s * kt - r.s * k),
          Math.max(0, total.f * kt - r.f * k),
          Math.max(0, total.n - r.n),
          Math.max(now, total.t),
          r.decision,
          r.context,
          r.arm,
        );
      }
      this.#sql.exec('DELETE FROM tallies WHERE client_id = ?', clientId);
      return {
        removedArmKeys: rows.length,
        shardVersion: rows.length > 0 ? this.#bumpVersion() : this.#version(),
      };
    });
    if (result.removedArmKeys > 0) await this.#schedulePush(config);
    return result;
  }

  /** The shard's cumulative totals and version, as pushed to the aggregator. */
  totals(): { version: number; rows: TotalsRow[] } {
    const rows = this.#sql
      .exec<{
        decision: string;
        context: string;
        arm: string;
        s: number;
        f: number;
        n: number;
        t: number;
      }>('SELECT decision, context, arm, s, f, n, t FROM totals ORDER BY decision, context, arm')
      .toArray()
      .map((r): TotalsRow => [r.decision, r.context, r.arm, r.s, r.f, r.n, r.t]);
    return { version: this.#version(), rows };
  }

  /** Pushes cumulative totals to the aggregator when they changed since the last push. */
  override async alarm(): Promise<void> {
    const app = this.#meta('app') as string | undefined;
    const shard = this.#meta('shard') as number | undefined;
    if (app === undefined || shard === undefined) return;
    const { version, rows } = this.totals();
    if (version > ((this.#meta('pushed') as number | undefined) ?? 0)) {
      // A throw here makes the runtime retry the alarm; the merge is idempotent.
      await this.env.PRIORS.getByName(app).merge(shard, version, rows);
      this.#setMeta('pushed', version);
    }
    const config = appsOf(this.env).get(app);
    const now = Date.now();
    if (config !== undefined) {
      this.#sql.exec('DELETE FROM usage WHERE window < ?', Math.floor(now / config.caps.windowMs));
    }
    this.#sql.exec('DELETE FROM seen_events WHERE at < ?', now - EVENT_MEMORY_MS);
    if (this.#version() > version && config !== undefined) await this.#schedulePush(config);
  }

  #config(app: string, shard: number): AppConfig {
    const config = appsOf(this.env).get(app);
    if (config === undefined) throw new Error(`unknown app ${app}`);
    if (this.#meta('app') === undefined) {
      this.#setMeta('app', app);
      this.#setMeta('shard', shard);
    }
    return config;
  }

  #row(decision: string, context: string, arm: string) {
    return this.#sql
      .exec<{ s: number; f: number; n: number; t: number }>(
        'SELECT s, f, n, t FROM totals WHERE decision = ? AND context = ? AND arm = ?',
        decision,
        context,
        arm,
      )
      .toArray()[0];
  }

  #version(): number {
    return (this.#meta('version') as number | undefined) ?? 0;
  }

  #bumpVersion(): number {
    const version = this.#version() + 1;
    this.#setMeta('version', version);
    return version;
  }

  #meta(key: string): string | number | undefined {
    const row = this.#sql
      .exec<{ value: string | number }>('SELECT value FROM meta WHERE key = ?', key)
      .toArray()[0];
    return row?.value;
  }

  #setMeta(key: string, value: string | number): void {
    this.#sql.exec(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  async #schedulePush(config: AppConfig): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(Date.now() + config.pushPeriodMs);
    }
  }
}
