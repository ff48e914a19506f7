import { DurableObject } from 'cloudflare:workers';
import type {
  AlertLog,
  ExperimentChange,
  ExperimentDefinition,
  ExperimentState,
  ExperimentStop,
  ExperimentsAnnouncement,
  ExperimentsSnapshot,
  PriorsAnnouncement,
  Stats,
} from '@crowdbandit/protocol';
import {
  alertLog,
  recordStatsAlerts,
  updateShiftAlerts,
  withLoggedAlerts,
} from './aggregator-alerts.ts';
import { migrateAggregator } from './aggregator-schema.ts';
import { armKey, readShardRows, type ShardRows, writeShardRows } from './aggregator-shard-rows.ts';
import { changedDecisions, type DecisionPoints } from './arm-history.ts';
import type { FreshRow, TotalsRow } from './client-shard.ts';
import { type AppConfig, appsOf } from './config.ts';
import { experimentResults } from './experiment-results.ts';
import {
  archiveExperiment,
  changeExperiment,
  createExperiment,
  experimentState,
  liveExperiments,
  type StoreResult,
  startExperiment,
  stopExperiment,
} from './experiment-store.ts';
import { historyRows, mergedSums, mergeExperimentRows } from './experiment-totals.ts';
import type { ExperimentRow } from './experiment-writes.ts';
import { flushHistory, minuteEnd } from './history-flush.ts';
import { type HistoryRequest, historyStream } from './history-read.ts';
import { type RawTotals, rawTotalsOf } from './raw-totals.ts';
import { keyOf } from './shard-totals.ts';
import { type ArmTotals, buildSnapshot, sumRows } from './snapshot.ts';
import { computeStats } from './stats.ts';

/**
 * The app's community priors. Each shard sends its cumulative totals with its version; the
 * aggregator keeps the latest per shard and sums them — a state-based counter, so retries
 * and reordering are harmless. Every accepted merge bumps the priors version, which
 * subscribed clients hear about over hibernatable WebSockets. It also watches for arms that
 * clients new in a push period move suddenly (the `sudden-shift` alert). The app's
 * experiments live here too: their definitions and lifecycle (each change bumps the
 * experiments version, announced on the same sockets), the shards' experiment sums, merged
 * the same way, and their history.
 */
export class PriorsAggregator extends DurableObject<Env> {
  #sql: SqlStorage;
  #cache: { version: number; app: string; now: number; totals: ArmTotals[] } | null = null;
  // Decisions whose history is behind their totals; null after a (re)start: any may be.
  #dirty: Set<string> | null = null;
  // When the alarm that records the history is due, if one is.
  #alarmAt: number | null = null;
  // The history's last recorded points per decision, so a flush need not read them back.
  #recorded = new Map<string, DecisionPoints>();
  // Each shard's latest rows by arm key and its fresh rows, read once per start.
  #shardRows: ShardRows | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    ctx.storage.transactionSync(() => migrateAggregator(this.#sql));
    void ctx.blockConcurrencyWhile(async () => {
      this.#alarmAt = await ctx.storage.getAlarm();
    });
  }

  /**
   * Takes a shard's totals rows changed since its last acknowledged push (each cumulative:
   * it replaces the shard's row of that arm key), the bounded contributions of the clients it
   * first saw since its previous push, and its cumulative experiment sums; older or repeated
   * versions change nothing. Writes only the chunks of the shard's rows that changed.
   */
  merge(
    app: string,
    shard: number,
    version: number,
    rows: readonly TotalsRow[],
    fresh: readonly FreshRow[] = [],
    experiments: readonly ExperimentRow[] = [],
  ): { applied: boolean; version: number } {
    const config = this.#config(app);
    const now = Date.now();
    const stored = this.#stored();
    const result = this.ctx.storage.transactionSync(() => {
      const known = this.#sql
        .exec<{ version: number }>('SELECT version FROM shards WHERE shard = ?', shard)
        .toArray()[0];
      if (known !== undefined && known.version >= version)
        return {
          applied: false,
          version: this.#version(),
          totals: null,
          changed: null,
          next: null,
        };
      const cached = this.#cache;
      const before =
        cached?.version === this.#version() && cached.app === app
          ? cached.totals
          : this.#sumTotals(app, now);
      const next = new Map(stored.rows.get(shard));
      for (const row of rows) next.set(armKey(row), row);
      writeShardRows(this.#sql, shard, next, rows, stored.rows.get(shard)?.size ?? 0);
      const watched = stored.fresh.get(shard) ?? [];
      if (fresh.length > 0) {
        this.#sql.exec(
          'INSERT INTO shard_fresh (shard, rows) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET rows = excluded.rows',
          shard,
          JSON.stringify(fresh),
        );
      } else if (watched.length > 0) {
        this.#sql.exec('DELETE FROM shard_fresh WHERE shard = ?', shard);
      }
      this.#sql.exec(
        'INSERT INTO shards (shard, version) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET version = excluded.version',
        shard,
        version,
      );
      const rowsAfter = new Map(stored.rows).set(shard, next);
      const freshAfter = new Map(stored.fresh).set(shard, fresh);
      const keys = [...watched, ...fresh].map(([decision, context, arm]) => ({
        decision,
        context,
        arm,
      }));
      const wanted = new Set(keys.map(keyOf));
      const shardSums = [...rowsAfter.values()].flatMap((m) =>
        [...wanted].flatMap((k) => {
          const r = m.get(k);
          return r === undefined
            ? []
            : [{ decision: r[0], context: r[1], arm: r[2], bs: r[7], bf: r[8], t: r[6] }];
        }),
      );
      const freshSums = [...freshAfter.values()]
        .flat()
        .filter((r) => wanted.has(armKey(r)))
        .map(([decision, context, arm, bs, bf]) => ({ decision, context, arm, bs, bf }));
      updateShiftAlerts(this.#sql, config, keys, shardSums, freshSums, now);
      mergeExperimentRows(this.#sql, shard, experiments, now);
      const after = sumRows(allRows(rowsAfter), config, now);
      if (this.#meta('app') !== app) this.#setMeta('app', app);
      const nextVersion = this.#version() + 1;
      this.#setMeta('version', nextVersion);
      return {
        applied: true,
        version: nextVersion,
        totals: after,
        changed: changedDecisions(before, after),
        next,
      };
    });
    if (result.next !== null) {
      stored.rows.set(shard, result.next);
      stored.fresh.set(shard, fresh);
    }
    if (result.totals !== null) {
      this.#cache = { version: result.version, app, now, totals: result.totals };
      this.#announce({ type: 'priors', version: result.version } satisfies PriorsAnnouncement);
    }
    if (result.changed !== null && result.changed.size > 0) {
      for (const decision of result.changed) this.#dirty?.add(decision);
      this.#scheduleHistory(now);
    }
    return { applied: result.applied, version: result.version };
  }

  /**
   * One decision's history (see HistorySchema), streamed as JSON: arm key by arm key, so a
   * day of minutes for a thousand arm keys never sits in memory at once. Records the
   * decision's pending changes first, so the history is as current as the priors.
   */
  history(app: string, request: HistoryRequest): ReadableStream<Uint8Array> {
    const { decision } = request;
    if (this.#dirty === null || this.#dirty.has(decision)) {
      const now = Date.now();
      this.#flushHistory(app, new Set([decision]), now, now);
      this.#dirty?.delete(decision);
    }
    return historyStream(this.#sql, app, request);
  }

  /** Records the history of the minute that just closed. */
  override alarm(): void {
    const now = Date.now();
    // The minute the alarm closes; after a restart that lost it, the one a second ago.
    const at = (this.#alarmAt ?? now - 1000) - 1;
    this.#alarmAt = null;
    const app = this.#meta('app');
    if (typeof app !== 'string') return;
    this.#flushHistory(app, this.#dirty, now, at);
    this.#dirty = new Set();
    this.#logAlerts(app, now);
  }

  /**
   * The alerts open now or ended since `since`, newest first (see AlertLogSchema); the stats
   * alerts are evaluated first, so the log is as current as GET /stats.
   */
  alerts(app: string, since: number): AlertLog {
    const now = Date.now();
    this.#logAlerts(app, now);
    return { app, generatedAt: now, since, alerts: alertLog(this.#sql, since) };
  }

  /** Creates a draft experiment (phase 0, seed = key); a key that exists is refused. */
  createExperiment(definition: ExperimentDefinition): StoreResult<ExperimentState> {
    return this.#changeExperiments((now) => createExperiment(this.#sql, definition, now));
  }

  /** Starts a new phase of a draft or stopped experiment, with a fresh random seed. */
  startExperiment(key: string): StoreResult<ExperimentState> {
    return this.#changeExperiments((now) =>
      startExperiment(this.#sql, key, now, (phase) => `${key}:${phase}:${randomHex(8)}`),
    );
  }

  /** Changes an experiment's coverage and/or weights. */
  changeExperiment(key: string, change: ExperimentChange): StoreResult<ExperimentState> {
    return this.#changeExperiments((now) => changeExperiment(this.#sql, key, change, now));
  }

  /** Stops an experiment, optionally naming the variation everyone gets from then on. */
  stopExperiment(key: string, stop: ExperimentStop): StoreResult<ExperimentState> {
    return this.#changeExperiments((now) => stopExperiment(this.#sql, key, stop, now));
  }

  /** Archives an experiment: it leaves the clients' snapshot. */
  archiveExperiment(key: string): StoreResult<ExperimentState> {
    return this.#changeExperiments((now) => archiveExperiment(this.#sql, key, now));
  }

  /** The admin view of one experiment, archived or not, with all its phases. */
  experiment(key: string): StoreResult<ExperimentState> {
    return experimentState(this.#sql, key);
  }

  /**
   * One phase's results (the current phase by default), as JSON text: 400 naming `phase` for
   * a phase the experiment never had.
   */
  experimentResults(
    app: string,
    key: string,
    phase?: number,
    metric?: string,
  ): StoreResult<string> {
    const found = experimentState(this.#sql, key);
    if (!found.ok) return found;
    const state = found.value;
    const wanted = phase ?? state.phase;
    if (wanted > state.phase) {
      const message = `experiment ${key} has phases 0 to ${state.phase}, not ${wanted}`;
      return { ok: false, code: 'invalid_body', message, issues: [{ path: 'phase', message }] };
    }
    const results = experimentResults({
      app,
      state,
      phase: wanted,
      metric,
      sums: mergedSums(this.#sql, key, wanted),
      history: historyRows(this.#sql, key, wanted),
      now: Date.now(),
    });
    return { ok: true, value: JSON.stringify(results) };
  }

  /** The current experiments version (cheap; for conditional requests). */
  experimentsVersion(): number {
    return (this.#meta('experiments') as number | undefined) ?? 0;
  }

  /** The experiments snapshot clients read: every experiment not archived. */
  experimentsSnapshot(app: string): ExperimentsSnapshot {
    return {
      app,
      version: this.experimentsVersion(),
      generatedAt: Date.now(),
      experiments: liveExperiments(this.#sql),
    };
  }

  /**
   * The current snapshot, optionally of one decision, as JSON text: serialised once here
   * (RPC cannot clone the null-prototype maps that keep any arm id an ordinary key).
   */
  snapshot(app: string, decision?: string): { version: number; json: string } {
    const { version, now, totals } = this.#totals(app);
    return {
      version,
      json: JSON.stringify(
        buildSnapshot(app, version, now, this.#shards(), totals, this.#config(app), decision),
      ),
    };
  }

  /** The current priors version (cheap; for conditional requests). */
  version(): number {
    return this.#version();
  }

  /** Stats for the admin route: the bounded totals, their alerts and the open sudden shifts. */
  stats(app: string): Stats {
    return withLoggedAlerts(this.#sql, this.#boundedStats(app));
  }

  /** The raw (unbounded) and bounded totals side by side, for the admin route. */
  rawTotals(app: string): { json: string } {
    const { version, now, totals } = this.#totals(app);
    const body: RawTotals = rawTotalsOf(app, version, now, this.#shards(), totals);
    return { json: JSON.stringify(body) };
  }

  /** Accepts a WebSocket subscriber and tells it the current version at once. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('expected a WebSocket upgrade', { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.send(
      JSON.stringify({ type: 'priors', version: this.#version() } satisfies PriorsAnnouncement),
    );
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): void {
    // Clients only listen; a ping is answered so they can check the line.
    if (message === 'ping') ws.send('pong');
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    ws.close(code === 1005 ? 1000 : code, 'closing');
  }

  #announce(message: PriorsAnnouncement | ExperimentsAnnouncement): void {
    const text = JSON.stringify(message);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.send(text);
      } catch {
        // A socket closing under us is not the sender's problem; it reconnects and polls.
      }
    }
  }

  // Runs one lifecycle step; when it changed something, bumps and announces the version.
  #changeExperiments(
    step: (now: number) => StoreResult<ExperimentState>,
  ): StoreResult<ExperimentState> {
    const result = this.ctx.storage.transactionSync(() => {
      const outcome = step(Date.now());
      if (outcome.ok) this.#setMeta('experiments', this.experimentsVersion() + 1);
      return outcome;
    });
    if (result.ok) this.#announce({ type: 'experiments', version: this.experimentsVersion() });
    return result;
  }

  #totals(app: string) {
    const version = this.#version();
    if (this.#cache?.version === version && this.#cache.app === app) return this.#cache;
    const now = Date.now();
    this.#cache = { version, app, now, totals: this.#sumTotals(app, now) };
    return this.#cache;
  }

  #sumTotals(app: string, now: number): ArmTotals[] {
    return sumRows(allRows(this.#stored().rows), this.#config(app), now);
  }

  // Each shard's rows and fresh rows as stored, read once per start.
  #stored(): ShardRows {
    this.#shardRows ??= readShardRows(this.#sql);
    return this.#shardRows;
  }

  // At most one alarm a minute records the history, however many pushes came in it.
  #scheduleHistory(now: number): void {
    const due = minuteEnd(now);
    if (this.#alarmAt !== null && this.#alarmAt <= due) return;
    this.#alarmAt = due;
    void this.ctx.storage.setAlarm(due);
  }

  #flushHistory(app: string, decisions: ReadonlySet<string> | null, now: number, at: number) {
    const recorded = this.ctx.storage.transactionSync(() => {
      const prunedAt = (this.#meta('historyPrunedAt') as number | undefined) ?? 0;
      const { pruned, points } = flushHistory(this.#sql, {
        app,
        config: this.#config(app),
        totals: this.#totals(app).totals,
        decisions,
        now,
        at,
        prunedAt,
        recorded: this.#recorded,
      });
      if (pruned) this.#setMeta('historyPrunedAt', now);
      return points;
    });
    for (const [d, p] of recorded) this.#recorded.set(d, p);
  }

  // Logs the stats alerts as GET /stats would list them now.
  #logAlerts(app: string, now: number): void {
    const alerts = this.#boundedStats(app, now).decisions.flatMap((d) => d.alerts);
    this.ctx.storage.transactionSync(() => recordStatsAlerts(this.#sql, alerts, now));
  }

  // GET /stats's view: the bounded totals with P(best), shares and the stats alerts.
  #boundedStats(app: string, now?: number): Stats {
    const cached = this.#totals(app);
    const bounded = cached.totals.map((t) => ({ ...t, s: t.bs, f: t.bf, n: t.bn }));
    return computeStats(app, this.#config(app), bounded, now ?? cached.now);
  }

  #config(app: string): AppConfig {
    const config = appsOf(this.env).get(app);
    if (config === undefined) throw new Error(`unknown app ${app}`);
    return config;
  }

  #shards(): Map<number, number> {
    const rows = this.#sql
      .exec<{ shard: number; version: number }>('SELECT shard, version FROM shards')
      .toArray();
    return new Map(rows.map((r) => [r.shard, r.version]));
  }

  #version(): number {
    return (this.#meta('version') as number | undefined) ?? 0;
  }

  #meta(key: string): string | number | undefined {
    return this.#sql
      .exec<{ value: string | number }>('SELECT value FROM meta WHERE key = ?', key)
      .toArray()[0]?.value;
  }

  #setMeta(key: string, value: string | number): void {
    this.#sql.exec(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }
}

function* allRows(rows: ReadonlyMap<number, ReadonlyMap<string, TotalsRow>>) {
  for (const shard of rows.values()) yield* shard.values();
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}
