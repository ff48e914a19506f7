import { DurableObject } from 'cloudflare:workers';
import { type Ack, type DeltaBatch, toMilli } from '@crowdbandit/protocol';
import { type AppConfig, appsOf } from './config.ts';
import { boundsOf } from './contribution.ts';
import { splitDeltas } from './experiment-counts.ts';
import {
  addExperimentCounts,
  type ExperimentRow,
  experimentRows,
  removeExperimentClient,
} from './experiment-writes.ts';
import { EVENT_MEMORY_MS, migrateShard } from './shard-schema.ts';
import {
  addItems,
  freshContributions,
  rebuildDerived,
  removeSource,
  SERVER_SOURCE,
  TOTALS_COLUMNS,
  totalsRecord,
  totalsRow,
} from './shard-writes.ts';

/**
 * A row of cumulative totals as pushed to the aggregator, decayed lazily from t: the raw
 * sums and the bounded sums in milli-units, and the κ statistics (units).
 */
export type TotalsRow = readonly [
  decision: string,
  context: string,
  arm: string,
  s: number,
  f: number,
  n: number,
  t: number,
  bs: number,
  bf: number,
  bn: number,
  dk: number,
  dn: number,
  dx: number,
  dq: number,
  dr: number,
];

/** The bounded contributions of clients first seen in the last push period, per arm key. */
export type FreshRow = readonly [
  decision: string,
  context: string,
  arm: string,
  bs: number,
  bf: number,
];

/** The outcome of a batch: an ack, the seq the shard expects next, or an unsigned stranger. */
export type BatchOutcome =
  | { readonly kind: 'ack'; readonly ack: Ack }
  | { readonly kind: 'gap'; readonly expectedSeq: number }
  | { readonly kind: 'unsigned' };

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
 * One shard of an app's clients (`<app>:<shard>`, shard = hash32(client's own id) mod shards).
 * Applies each client's batches exactly once — in one `transactionSync`, a batch with
 * seq ≤ last is a duplicate, seq > last+1 a gap, otherwise its deltas are added and last =
 * seq — keeps each client's cumulative tallies, from which it derives the bounded sums the
 * crowd publishes and the κ statistics, and pushes its cumulative totals to the app's
 * PriorsAggregator from an alarm. Experiment counts (`$exp/…` deltas) ride the same batches,
 * so they are exactly once too, but are kept apart (see experiment-writes.ts).
 */
export class ClientShard extends DurableObject<Env> {
  #sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    ctx.storage.transactionSync(() => migrateShard(this.#sql));
  }

  /**
   * Applies one client's batch exactly once. `batch.clientId` is the client's own id (the
   * route took the signature off); `signed` says whether it came signed. An unsigned id is
   * refused unless the shard counted that client before (or the app accepts unsigned ids).
   */
  async applyBatch(
    app: string,
    shard: number,
    batch: DeltaBatch,
    signed: boolean,
  ): Promise<BatchOutcome> {
    const config = await this.#config(app, shard);
    const now = Date.now();
    const { evidence, counts, issues } = splitDeltas(batch.deltas);
    // The route answers these with 400; a caller that skipped it must not count half a batch.
    if (issues.length > 0) throw new Error(`malformed experiment count at ${issues[0]!.path}`);
    const outcome = this.ctx.storage.transactionSync((): BatchOutcome => {
      const client = this.#sql
        .exec<{ last_seq: number; last_version: number }>(
          'SELECT last_seq, last_version FROM clients WHERE client_id = ?',
          batch.clientId,
        )
        .toArray()[0];
      if (client === undefined && !signed && config.identity.unsignedIds === 'known') {
        return { kind: 'unsigned' };
      }
      const last = client?.last_seq ?? 0;
      if (batch.seq <= last) {
        return {
          kind: 'ack',
          ack: { status: 'duplicate', seq: batch.seq, shard, shardVersion: client!.last_version },
        };
      }
      if (batch.seq > last + 1) return { kind: 'gap', expectedSeq: last + 1 };
      const items = evidence.map((d) => ({
        ...d,
        s: toMilli(d.s),
        f: toMilli(d.f),
        n: d.n ?? 0,
      }));
      addItems(this.#sql, config, batch.clientId, items, now);
      addExperimentCounts(this.#sql, batch.clientId, counts);
      const version = this.#bumpVersion();
      this.#sql.exec(
        `INSERT INTO clients (client_id, last_seq, last_version, first_seen) VALUES (?, ?, ?, ?)
         ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq, last_version = excluded.last_version`,
        batch.clientId,
        batch.seq,
        version,
        now,
      );
      return {
        kind: 'ack',
        ack: { status: 'accepted', seq: batch.seq, shard, shardVersion: version },
      };
    });
    if (outcome.kind === 'ack' && outcome.ack.status === 'accepted')
      await this.#schedulePush(config);
    return outcome;
  }

  /**
   * Applies server-side events, each at most once by id, on behalf of `source`: the app's
   * server ({@link SERVER_SOURCE}, counted whole) or a seed user (`seed:<id>`, bounded like
   * any client).
   */
  async applyEvents(app: string, shard: number, source: string, events: readonly EventCounts[]) {
    const config = await this.#config(app, shard);
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
      addItems(this.#sql, config, source, [...fresh.values()], now, source === SERVER_SOURCE);
      if (accepted > 0) this.#bumpVersion();
      return { accepted, duplicates };
    });
    if (result.accepted > 0) await this.#schedulePush(config);
    return result;
  }

  /**
   * Takes a client's contribution back out of the totals and experiment counts (its seq
   * history stays).
   */
  async removeClient(app: string, shard: number, clientId: string) {
    const config = await this.#config(app, shard);
    const now = Date.now();
    const result = this.ctx.storage.transactionSync(() => {
      const removedArmKeys = removeSource(this.#sql, config, clientId, now);
      const removedExperimentCounts = removeExperimentClient(this.#sql, clientId);
      const changed = removedArmKeys + removedExperimentCounts > 0;
      return {
        removedArmKeys,
        removedExperimentCounts,
        shardVersion: changed ? this.#bumpVersion() : this.#version(),
      };
    });
    if (result.removedArmKeys + result.removedExperimentCounts > 0)
      await this.#schedulePush(config);
    return result;
  }

  /** The shard's cumulative totals and version, as pushed to the aggregator. */
  totals(): { version: number; rows: TotalsRow[] } {
    const rows = this.#sql
      .exec<Record<string, SqlStorageValue>>(
        `SELECT ${TOTALS_COLUMNS} FROM totals ORDER BY decision, context, arm`,
      )
      .toArray()
      .map((r) => totalsRow(totalsRecord(r)) as unknown as TotalsRow);
    return { version: this.#version(), rows };
  }

  /** The shard's cumulative experiment sums, as pushed to the aggregator. */
  experiments(): { version: number; rows: ExperimentRow[] } {
    return { version: this.#version(), rows: experimentRows(this.#sql) };
  }

  /** Pushes cumulative totals to the aggregator when they changed since the last push. */
  override async alarm(): Promise<void> {
    const app = this.#meta('app') as string | undefined;
    const shard = this.#meta('shard') as number | undefined;
    if (app === undefined || shard === undefined) return;
    const config = appsOf(this.env).get(app);
    if (config === undefined) return;
    await this.#checkBounds(config);
    const now = Date.now();
    const { version, rows } = this.totals();
    if (version > ((this.#meta('pushed') as number | undefined) ?? 0)) {
      const since = (this.#meta('pushedAt') as number | undefined) ?? 0;
      const fresh = freshContributions(this.#sql, config, since, now);
      // A throw here makes the runtime retry the alarm; the merge is idempotent.
      await this.env.PRIORS.getByName(app).merge(
        app,
        shard,
        version,
        rows,
        fresh,
        experimentRows(this.#sql),
      );
      this.#setMeta('pushed', version);
      this.#setMeta('pushedAt', now);
    }
    this.#sql.exec('DELETE FROM seen_events WHERE at < ?', now - EVENT_MEMORY_MS);
    if (this.#version() > version) await this.#schedulePush(config);
  }

  async #config(app: string, shard: number): Promise<AppConfig> {
    const config = appsOf(this.env).get(app);
    if (config === undefined) throw new Error(`unknown app ${app}`);
    if (this.#meta('app') === undefined) {
      this.#setMeta('app', app);
      this.#setMeta('shard', shard);
    }
    await this.#checkBounds(config);
    return config;
  }

  // The derived sums depend on the app's bounds: after an upgrade from a shard without them,
  // or when the bounds changed, they are rebuilt from the tallies once.
  async #checkBounds(config: AppConfig): Promise<void> {
    const bounds = JSON.stringify(boundsOf(config));
    if (this.#meta('bounds') === bounds) return;
    const rebuilt = this.ctx.storage.transactionSync(() => {
      this.#setMeta('bounds', bounds);
      if (this.#sql.exec('SELECT 1 FROM totals LIMIT 1').toArray().length === 0) return false;
      rebuildDerived(this.#sql, config, Date.now());
      this.#bumpVersion();
      return true;
    });
    if (rebuilt) await this.#schedulePush(config);
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
