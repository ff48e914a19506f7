import { DurableObject } from 'cloudflare:workers';
import { type Ack, type Delta, type ReceivedBatch, toMilli } from '@crowdbandit/protocol';
import { resolveRefs } from './arm-refs.ts';
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
  baseOf,
  SNAPSHOT_EVERY_MS,
  type SourceRow,
  startTotals,
  storeSnapshot,
} from './shard-snapshot.ts';
import {
  type Counted,
  decodeTallies,
  encodeTallies,
  freshContributions,
  type Item,
  SERVER_SOURCE,
  type ShardTotals,
  type SourceChange,
  totalsRow,
} from './shard-totals.ts';

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
  /** Refs (format version 3) that name no arm the shard holds totals for: nothing applied. */
  | { readonly kind: 'unresolved'; readonly refs: readonly number[] }
  | { readonly kind: 'unsigned' };

/** A server-side event already turned into counts (milli-units) by the route. */
export interface EventCounts extends Item {
  readonly id: string;
}

/**
 * One shard of an app's clients (`<app>:<shard>`, shard = hash32(client's own id) mod shards).
 * Applies each client's batches exactly once — in one `transactionSync`, a batch with
 * seq ≤ last is a duplicate, seq > last+1 a gap, otherwise its deltas are added and last =
 * seq — and keeps each client's cumulative tallies in the client's own row, so an accepted
 * batch writes that one row. The shard's totals (raw sums, the bounded sums the crowd
 * publishes, the κ statistics) live in memory, summed again from the tallies when the object
 * starts, and an alarm pushes the rows changed since the aggregator last acknowledged a push.
 * Experiment counts (`$exp/…` deltas) ride the same batches, so they are exactly once too,
 * but are kept apart, a row per count (see experiment-writes.ts).
 */
export class ClientShard extends DurableObject<Env> {
  #sql: SqlStorage;
  #meta: Map<string, string | number> | null = null;
  #state: ShardState | null = null;
  // Whether a push alarm is set; null until known.
  #alarmSet: boolean | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    ctx.storage.transactionSync(() => migrateShard(this.#sql));
  }

  /**
   * Applies one client's batch exactly once. `batch.clientId` is the client's own id (the
   * route took the signature off); `signed` says whether it came signed. An unsigned id is
   * refused unless the shard counted that client before (or the app accepts unsigned ids).
   * Arms sent by ref are found among those the shard holds totals for; a batch with a ref
   * that finds none is refused whole (`unresolved`), after the seq checks, so a replay of a
   * batch already applied is still a duplicate.
   */
  async applyBatch(
    app: string,
    shard: number,
    batch: ReceivedBatch,
    signed: boolean,
  ): Promise<BatchOutcome> {
    const config = await this.#config(app, shard);
    const state = this.#load(config);
    const now = Date.now();
    const { evidence, counts, issues } = splitDeltas(batch.deltas);
    // The route answers these with 400; a caller that skipped it must not count half a batch.
    if (issues.length > 0) throw new Error(`malformed experiment count at ${issues[0]!.path}`);
    type Applied = { kind: 'applied'; ack: Ack; change: SourceChange; isNew: boolean };
    const outcome = this.ctx.storage.transactionSync((): BatchOutcome | Applied => {
      const client = this.#sql
        .exec<{ last_seq: number } & SourceRow>(
          'SELECT last_seq, last_version, tallies, base FROM clients WHERE client_id = ?',
          batch.clientId,
        )
        .toArray()[0];
      if (client === undefined && !signed && config.identity.unsignedIds === 'known') {
        return { kind: 'unsigned' };
      }
      const last = client?.last_seq ?? 0;
      if (batch.seq <= last) {
        const ack: Ack = {
          status: 'duplicate',
          seq: batch.seq,
          shard,
          shardVersion: client!.last_version,
        };
        return { kind: 'ack', ack };
      }
      if (batch.seq > last + 1) return { kind: 'gap', expectedSeq: last + 1 };
      let referenced: Delta[] = [];
      if (batch.refs !== undefined) {
        const found = resolveRefs(state.totals, batch.refs, batch.refCheck ?? -1, evidence);
        if (!found.ok) return { kind: 'unresolved', refs: found.unknown };
        referenced = found.deltas;
      }
      const items = [...evidence, ...referenced].map((d) => ({
        ...d,
        s: toMilli(d.s),
        f: toMilli(d.f),
        n: d.n ?? 0,
      }));
      const tallies =
        client === undefined ? new Map<string, Counted>() : decodeTallies(client.tallies);
      const change = state.totals.add(config, tallies, items, now);
      addExperimentCounts(this.#sql, batch.clientId, counts);
      const version = state.version + 1;
      this.#sql.exec(
        `INSERT INTO clients (client_id, last_seq, last_version, first_seen, tallies, base)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (client_id) DO UPDATE SET last_seq = excluded.last_seq,
           last_version = excluded.last_version, tallies = excluded.tallies, base = excluded.base`,
        batch.clientId,
        batch.seq,
        version,
        now,
        encodeTallies(change.tallies.values()),
        baseOf(client, state.snapshot),
      );
      const ack: Ack = { status: 'accepted', seq: batch.seq, shard, shardVersion: version };
      return { kind: 'applied', ack, change, isNew: client === undefined };
    });
    if (outcome.kind !== 'applied') return outcome;
    // Stored: now the totals in memory take the batch.
    this.#commit(state, outcome.ack.shardVersion, outcome.change);
    if (outcome.isNew || state.fresh.has(batch.clientId)) {
      state.fresh.set(batch.clientId, outcome.change.tallies);
    }
    await this.#schedulePush(config);
    return { kind: 'ack', ack: outcome.ack };
  }

  /**
   * Applies server-side events, each at most once by id, on behalf of `source`: the app's
   * server ({@link SERVER_SOURCE}, counted whole) or a seed user (`seed:<id>`, bounded like
   * any client).
   */
  async applyEvents(app: string, shard: number, source: string, events: readonly EventCounts[]) {
    const config = await this.#config(app, shard);
    const state = this.#load(config);
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
      if (accepted === 0) return { accepted, duplicates, change: null };
      const stored = this.#sql
        .exec<SourceRow>('SELECT last_version, tallies, base FROM sources WHERE source = ?', source)
        .toArray()[0];
      const tallies =
        stored === undefined ? new Map<string, Counted>() : decodeTallies(stored.tallies);
      const change = state.totals.add(
        config,
        tallies,
        [...fresh.values()],
        now,
        source === SERVER_SOURCE,
      );
      this.#sql.exec(
        `INSERT INTO sources (source, tallies, last_version, base) VALUES (?, ?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET tallies = excluded.tallies,
           last_version = excluded.last_version, base = excluded.base`,
        source,
        encodeTallies(change.tallies.values()),
        state.version + 1,
        baseOf(stored, state.snapshot),
      );
      this.#setMeta('version', state.version + 1);
      return { accepted, duplicates, change };
    });
    if (result.change !== null) {
      this.#commit(state, state.version + 1, result.change);
      await this.#schedulePush(config);
    }
    return { accepted: result.accepted, duplicates: result.duplicates };
  }

  /**
   * Takes a client's contribution back out of the totals and experiment counts (its seq
   * history stays).
   */
  async removeClient(app: string, shard: number, clientId: string) {
    const config = await this.#config(app, shard);
    const state = this.#load(config);
    const now = Date.now();
    const result = this.ctx.storage.transactionSync(() => {
      const client = this.#sql
        .exec<SourceRow>(
          'SELECT last_version, tallies, base FROM clients WHERE client_id = ?',
          clientId,
        )
        .toArray()[0];
      const source =
        client === undefined
          ? this.#sql
              .exec<SourceRow>(
                'SELECT last_version, tallies, base FROM sources WHERE source = ?',
                clientId,
              )
              .toArray()[0]
          : undefined;
      const stored = client ?? source;
      const tallies = decodeTallies(stored?.tallies ?? '[]');
      let change: SourceChange | null = null;
      if (tallies.size > 0) {
        change = state.totals.remove(config, tallies, now, clientId === SERVER_SOURCE);
        // Emptied, not deleted: the stored snapshot may still hold what it took out.
        this.#sql.exec(
          client !== undefined
            ? "UPDATE clients SET tallies = '[]', last_version = ?, base = ? WHERE client_id = ?"
            : "UPDATE sources SET tallies = '[]', last_version = ?, base = ? WHERE source = ?",
          state.version + 1,
          baseOf(stored, state.snapshot),
          clientId,
        );
      }
      const removedExperimentCounts = removeExperimentClient(this.#sql, clientId);
      const changed = tallies.size + removedExperimentCounts > 0;
      if (changed) this.#setMeta('version', state.version + 1);
      return { removedArmKeys: tallies.size, removedExperimentCounts, change, changed };
    });
    if (result.changed) {
      this.#commit(state, state.version + 1, result.change);
      state.fresh.delete(clientId);
      await this.#schedulePush(config);
    }
    return {
      removedArmKeys: result.removedArmKeys,
      removedExperimentCounts: result.removedExperimentCounts,
      shardVersion: state.version,
    };
  }

  /** The shard's cumulative totals and version, as pushed to the aggregator. */
  totals(): { version: number; rows: TotalsRow[] } {
    const state = this.#stored();
    if (state === null) return { version: 0, rows: [] };
    return { version: state.version, rows: pushRows(state.totals, -1) };
  }

  /** The shard's cumulative experiment sums, as pushed to the aggregator. */
  experiments(): { version: number; rows: ExperimentRow[] } {
    return { version: this.#stored()?.version ?? 0, rows: experimentRows(this.#sql) };
  }

  /**
   * Pushes the totals rows changed since the aggregator last acknowledged a push (all of them
   * after a start), when anything changed since.
   */
  override async alarm(): Promise<void> {
    this.#alarmSet = false;
    const app = this.#metaValue('app') as string | undefined;
    const shard = this.#metaValue('shard') as number | undefined;
    if (app === undefined || shard === undefined) return;
    const config = appsOf(this.env).get(app);
    if (config === undefined) return;
    await this.#checkBounds(config);
    const state = this.#load(config);
    const now = Date.now();
    if (state.version > state.snapshot && now - state.snapshotAt >= SNAPSHOT_EVERY_MS) {
      this.#storeSnapshot(state, now);
    }
    const { version, acked } = state;
    if (version > acked) {
      const fresh = [...state.fresh];
      // A throw here makes the runtime retry the alarm; the merge is idempotent, and the rows
      // stay unacknowledged until one returns.
      await this.env.PRIORS.getByName(app).merge(
        app,
        shard,
        version,
        pushRows(state.totals, acked),
        freshContributions(
          config,
          fresh.map(([, tallies]) => tallies),
          now,
        ),
        experimentRows(this.#sql),
      );
      state.acked = Math.max(state.acked, version);
      // A start takes the clients first seen after pushedAt as fresh: with none this time,
      // the stored pushedAt still says the same.
      if (fresh.length > 0) this.#setMeta('pushedAt', now);
      for (const [id, tallies] of fresh) {
        if (state.fresh.get(id) === tallies) state.fresh.delete(id);
      }
    }
    this.#sql.exec('DELETE FROM seen_events WHERE at < ?', now - EVENT_MEMORY_MS);
    if (state.version > state.acked) await this.#schedulePush(config);
  }

  async #config(app: string, shard: number): Promise<AppConfig> {
    const config = appsOf(this.env).get(app);
    if (config === undefined) throw new Error(`unknown app ${app}`);
    if (this.#metaValue('app') === undefined) {
      this.#setMeta('app', app);
      this.#setMeta('shard', shard);
    }
    await this.#checkBounds(config);
    return config;
  }

  // The derived sums depend on the app's bounds: when they changed (or after an upgrade from a
  // shard without them), the totals are summed again from the tallies and pushed whole.
  async #checkBounds(config: AppConfig): Promise<void> {
    const bounds = JSON.stringify(boundsOf(config));
    if (this.#metaValue('bounds') === bounds) return;
    const state = this.#load(config);
    this.ctx.storage.transactionSync(() => {
      this.#setMeta('bounds', bounds);
      if (state.totals.size > 0) this.#setMeta('version', state.version + 1);
      // Its bounded sums were of the old bounds: the next start sums every source again.
      this.#sql.exec("DELETE FROM meta WHERE key = 'snapshot'");
      this.#meta?.delete('snapshot');
    });
    this.#state = null;
    if (this.#load(config).totals.size > 0) await this.#schedulePush(config);
  }

  // The shard's state in memory: at a start, its totals (see startTotals), the version (the
  // highest any client row or meta holds), and the tallies of the clients first seen since the
  // last push.
  #load(config: AppConfig): ShardState {
    if (this.#state !== null) return this.#state;
    const highest = this.#sql
      .exec<{ v: number | null }>('SELECT MAX(last_version) AS v FROM clients')
      .one().v;
    const version = Math.max((this.#metaValue('version') as number | undefined) ?? 0, highest ?? 0);
    const snapshot = this.#metaValue('snapshot') as number | undefined;
    const pushedAt = (this.#metaValue('pushedAt') as number | undefined) ?? 0;
    const { totals, fresh } = startTotals(
      this.#sql,
      config,
      snapshot,
      version,
      pushedAt,
      Date.now(),
    );
    this.#state = {
      totals,
      version,
      acked: -1,
      snapshot: snapshot ?? -1,
      snapshotAt: 0,
      fresh,
    };
    return this.#state;
  }

  // Stores the totals as they are at the state's version as the snapshot a start replays from.
  #storeSnapshot(state: ShardState, now: number): void {
    this.ctx.storage.transactionSync(() => {
      storeSnapshot(this.#sql, state.totals);
      this.#setMeta('snapshot', state.version);
    });
    state.snapshot = state.version;
    state.snapshotAt = now;
  }

  // The state of a shard whose app is known, or null for one never used.
  #stored(): ShardState | null {
    const app = this.#metaValue('app') as string | undefined;
    const config = app === undefined ? undefined : appsOf(this.env).get(app);
    return config === undefined ? null : this.#load(config);
  }

  #commit(state: ShardState, version: number, change: SourceChange | null): void {
    state.version = version;
    if (change !== null) state.totals.commit(change.totals, version);
  }

  #metaValue(key: string): string | number | undefined {
    if (this.#meta === null) {
      const rows = this.#sql
        .exec<{ key: string; value: string | number }>('SELECT key, value FROM meta')
        .toArray();
      this.#meta = new Map(rows.map((r) => [r.key, r.value]));
    }
    return this.#meta.get(key);
  }

  #setMeta(key: string, value: string | number): void {
    this.#sql.exec(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
    this.#metaValue(key);
    this.#meta!.set(key, value);
  }

  async #schedulePush(config: AppConfig): Promise<void> {
    this.#alarmSet ??= (await this.ctx.storage.getAlarm()) !== null;
    if (this.#alarmSet) return;
    this.#alarmSet = true;
    await this.ctx.storage.setAlarm(Date.now() + config.pushPeriodMs);
  }
}

// What a shard holds in memory between its starts.
interface ShardState {
  readonly totals: ShardTotals;
  version: number;
  // The highest version the aggregator acknowledged (-1: none since the start).
  acked: number;
  // The version of the stored snapshot (-1: none), and when this object stored it (0: not yet).
  snapshot: number;
  snapshotAt: number;
  // The tallies of the clients first seen since the last push, by client id.
  readonly fresh: Map<string, ReadonlyMap<string, Counted>>;
}

function pushRows(totals: ShardTotals, since: number): TotalsRow[] {
  return totals.rowsSince(since).map((r) => totalsRow(r) as unknown as TotalsRow);
}
