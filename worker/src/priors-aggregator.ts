import { DurableObject } from 'cloudflare:workers';
import type { PriorsAnnouncement, Stats } from '@crowdbandit/protocol';
import type { TotalsRow } from './client-shard.ts';
import { type AppConfig, appsOf } from './config.ts';
import { type ArmTotals, buildSnapshot, sumRows } from './snapshot.ts';
import { computeStats } from './stats.ts';

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID`,
  `CREATE TABLE IF NOT EXISTS shards (shard INTEGER PRIMARY KEY, version INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS totals (
     shard INTEGER NOT NULL, decision TEXT NOT NULL, context TEXT NOT NULL, arm TEXT NOT NULL,
     s REAL NOT NULL, f REAL NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
     PRIMARY KEY (shard, decision, context, arm)
   ) WITHOUT ROWID`,
];

/**
 * The app's community priors. Each shard sends its cumulative totals with its version; the
 * aggregator keeps the latest per shard and sums them — a state-based counter, so retries
 * and reordering are harmless. Every accepted merge bumps the priors version, which
 * subscribed clients hear about over hibernatable WebSockets.
 */
export class PriorsAggregator extends DurableObject<Env> {
  #sql: SqlStorage;
  #cache: { version: number; app: string; now: number; totals: ArmTotals[] } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    for (const statement of SCHEMA) this.#sql.exec(statement);
  }

  /** Takes a shard's cumulative totals; older or repeated versions change nothing. */
  merge(
    shard: number,
    version: number,
    rows: readonly TotalsRow[],
  ): { applied: boolean; version: number } {
    const result = this.ctx.storage.transactionSync(() => {
      const known = this.#sql
        .exec<{ version: number }>('SELECT version FROM shards WHERE shard = ?', shard)
        .toArray()[0];
      if (known !== undefined && known.version >= version)
        return { applied: false, version: this.#version() };
      this.#sql.exec('DELETE FROM totals WHERE shard = ?', shard);
      for (const [decision, context, arm, s, f, n, t] of rows) {
        this.#sql.exec(
          'INSERT INTO totals (shard, decision, context, arm, s, f, n, t) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          shard,
          decision,
          context,
          arm,
          s,
          f,
          n,
          t,
        );
      }
      this.#sql.exec(
        'INSERT INTO shards (shard, version) VALUES (?, ?) ON CONFLICT (shard) DO UPDATE SET version = excluded.version',
        shard,
        version,
      );
      const next = this.#version() + 1;
      this.#sql.exec(
        "INSERT INTO meta (key, value) VALUES ('version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        next,
      );
      return { applied: true, version: next };
    });
    if (result.applied) {
      this.#cache = null;
      const message = JSON.stringify({
        type: 'priors',
        version: result.version,
      } satisfies PriorsAnnouncement);
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.send(message);
        } catch {
          // A socket closing under us is not the merge's problem; it reconnects and polls.
        }
      }
    }
    return result;
  }

  /**
   * The current snapshot, optionally of one decision, as JSON text: serialised once here
   * (RPC cannot clone the null-prototype maps that keep any arm id an ordinary key).
   */
  snapshot(app: string, decision?: string): { version: number; json: string } {
    const { version, now, totals } = this.#totals(app);
    return {
      version,
      json: JSON.stringify(buildSnapshot(app, version, now, this.#shards(), totals, decision)),
    };
  }

  /** The current priors version (cheap; for conditional requests). */
  version(): number {
    return this.#version();
  }

  /** Stats for the admin route. */
  stats(app: string): Stats {
    const { now, totals } = this.#totals(app);
    return computeStats(app, this.#config(app), totals, now);
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

  #totals(app: string) {
    const version = this.#version();
    if (this.#cache?.version === version && this.#cache.app === app) return this.#cache;
    const rows = this.#sql
      .exec<{
        decision: string;
        context: string;
        arm: string;
        s: number;
        f: number;
        n: number;
        t: number;
      }>('SELECT decision, context, arm, s, f, n, t FROM totals')
      .toArray()
      .map((r): TotalsRow => [r.decision, r.context, r.arm, r.s, r.f, r.n, r.t]);
    const now = Date.now();
    this.#cache = { version, app, now, totals: sumRows(rows, this.#config(app), now) };
    return this.#cache;
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
    const row = this.#sql
      .exec<{ value: number }>("SELECT value FROM meta WHERE key = 'version'")
      .toArray()[0];
    return row?.value ?? 0;
  }
}
