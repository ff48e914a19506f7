// Internal: how a ClientShard's totals survive a start: a snapshot stored at pushes, and the
// sources changed since it replayed (see the schema's `base` columns), or, without one, every
// source's tallies summed again.
import type { AppConfig } from './config.ts';
import {
  type Counted,
  decodeTallies,
  SERVER_SOURCE,
  ShardTotals,
  totalsFromRow,
  totalsRow,
} from './shard-totals.ts';

// At most this many totals rows per row of the snapshot (a row may hold 2 MB, and rows are
// billed by the row).
const CHUNK_ROWS = 2048;

/** How often at most a shard stores its snapshot: a start replays the sources changed since. */
export const SNAPSHOT_EVERY_MS = 60_000;

/** A client's or server source's row as far as its base is concerned. */
export type SourceRow = {
  readonly last_version: number;
  readonly tallies: string;
  readonly base: string | null;
};

/**
 * The base to store with a source's changed row: the tallies the stored snapshot (`snapshot`,
 * its version; -1 for none) holds for it — its current ones if it has not changed since the
 * snapshot, else the base it kept — or null for a source the snapshot does not know.
 */
export function baseOf(row: SourceRow | undefined, snapshot: number): string | null {
  if (row === undefined) return null;
  return row.last_version <= snapshot ? row.tallies : row.base;
}

/**
 * Stores `totals` as the snapshot, in chunks (the caller records its version in meta, in the
 * same transaction). Must run inside `transactionSync`.
 */
export function storeSnapshot(sql: SqlStorage, totals: ShardTotals): void {
  const rows = totals.rowsSince(-1).map(totalsRow);
  const chunks = Math.ceil(rows.length / CHUNK_ROWS);
  for (let i = 0; i < chunks; i++) {
    sql.exec(
      'INSERT INTO snapshot (chunk, rows) VALUES (?, ?) ON CONFLICT (chunk) DO UPDATE SET rows = excluded.rows',
      i,
      JSON.stringify(rows.slice(i * CHUNK_ROWS, (i + 1) * CHUNK_ROWS)),
    );
  }
  sql.exec('DELETE FROM snapshot WHERE chunk >= ?', chunks);
}

/** A shard's totals at a start, and the tallies of the clients first seen after `pushedAt`. */
export interface Started {
  readonly totals: ShardTotals;
  readonly fresh: Map<string, ReadonlyMap<string, Counted>>;
}

/**
 * The totals at a start, every row marked changed at `version`: the snapshot of version
 * `snapshot` with the sources changed since replayed (each one's base taken out, its tallies
 * put in), or without a snapshot every source's tallies summed, one row at a time.
 */
export function startTotals(
  sql: SqlStorage,
  config: AppConfig,
  snapshot: number | undefined,
  version: number,
  pushedAt: number,
  now: number,
): Started {
  const fresh = new Map<string, ReadonlyMap<string, Counted>>();
  if (snapshot === undefined) {
    function* sources() {
      const clients = sql.exec<{ client_id: string; first_seen: number; tallies: string }>(
        'SELECT client_id, first_seen, tallies FROM clients',
      );
      for (const c of clients) {
        const tallies = decodeTallies(c.tallies);
        if (tallies.size === 0) continue;
        if (c.first_seen > pushedAt) fresh.set(c.client_id, tallies);
        yield { id: c.client_id, tallies: tallies.values() };
      }
      for (const s of sql.exec<{ source: string; tallies: string }>(
        'SELECT source, tallies FROM sources',
      )) {
        yield { id: s.source, tallies: decodeTallies(s.tallies).values() };
      }
    }
    return { totals: ShardTotals.of(config, sources(), now, version), fresh };
  }
  const chunks = sql.exec<{ rows: string }>('SELECT rows FROM snapshot ORDER BY chunk');
  const totals = ShardTotals.fromRows(
    (function* () {
      for (const chunk of chunks) {
        for (const row of JSON.parse(chunk.rows) as (string | number)[][]) {
          yield totalsFromRow(row);
        }
      }
    })(),
    version,
  );
  const changed = sql.exec<{ id: string; tallies: string; base: string | null }>(
    `SELECT client_id AS id, tallies, base FROM clients WHERE last_version > ?1
     UNION ALL SELECT source AS id, tallies, base FROM sources WHERE last_version > ?1`,
    snapshot,
  );
  for (const { id, tallies, base } of changed) {
    const before = decodeTallies(base ?? '[]');
    if (before.size > 0) {
      totals.commit(totals.remove(config, before, now, id === SERVER_SOURCE).totals, version);
    }
    totals.include(config, id, decodeTallies(tallies).values(), now, version);
  }
  for (const c of sql.exec<{ client_id: string; tallies: string }>(
    'SELECT client_id, tallies FROM clients WHERE first_seen > ?',
    pushedAt,
  )) {
    const tallies = decodeTallies(c.tallies);
    if (tallies.size > 0) fresh.set(c.client_id, tallies);
  }
  return { totals, fresh };
}
