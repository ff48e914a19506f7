// Internal: the aggregator's copy of each shard's totals rows and fresh rows, held in memory
// and stored in chunk rows (see aggregator-schema.ts): a push rewrites only the chunks it
// touched.
import { chunkOf, chunksFor } from './aggregator-schema.ts';
import type { FreshRow, TotalsRow } from './client-shard.ts';

/** What the aggregator keeps of its shards in memory, by shard. */
export interface ShardRows {
  readonly rows: Map<number, Map<string, TotalsRow>>;
  readonly fresh: Map<number, readonly FreshRow[]>;
}

/** The map key of a totals or fresh row's arm key. */
export const armKey = (row: TotalsRow | FreshRow) => `${row[0]}\0${row[1]}\0${row[2]}`;

/** Every shard's rows and fresh rows as stored (read once per start). */
export function readShardRows(sql: SqlStorage): ShardRows {
  const rows = new Map<number, Map<string, TotalsRow>>();
  for (const c of sql.exec<{ shard: number; rows: string }>(
    'SELECT shard, rows FROM shard_totals',
  )) {
    const shard = rows.get(c.shard) ?? new Map<string, TotalsRow>();
    for (const row of JSON.parse(c.rows) as TotalsRow[]) shard.set(armKey(row), row);
    rows.set(c.shard, shard);
  }
  const fresh = new Map<number, readonly FreshRow[]>();
  for (const f of sql.exec<{ shard: number; rows: string }>(
    'SELECT shard, rows FROM shard_fresh',
  )) {
    fresh.set(f.shard, JSON.parse(f.rows) as FreshRow[]);
  }
  return { rows, fresh };
}

/**
 * Rewrites the chunks of a shard's rows (`rows`, after the push) that hold the `pushed` rows;
 * all of them when the shard's arm keys outgrew the layout of its `before` row count. Must run
 * inside `transactionSync`.
 */
export function writeShardRows(
  sql: SqlStorage,
  shard: number,
  rows: ReadonlyMap<string, TotalsRow>,
  pushed: readonly TotalsRow[],
  before: number,
): void {
  if (pushed.length === 0) return;
  const chunks = chunksFor(rows.size);
  const relaid = before > 0 && chunks !== chunksFor(before);
  if (relaid) sql.exec('DELETE FROM shard_totals WHERE shard = ?', shard);
  const touched = new Set(pushed.map((r) => chunkOf(r[0], r[1], r[2], chunks)));
  const byChunk = new Map<number, TotalsRow[]>();
  for (const row of rows.values()) {
    const chunk = chunkOf(row[0], row[1], row[2], chunks);
    if (!relaid && !touched.has(chunk)) continue;
    const list = byChunk.get(chunk) ?? [];
    list.push(row);
    byChunk.set(chunk, list);
  }
  for (const [chunk, list] of byChunk) {
    sql.exec(
      `INSERT INTO shard_totals (shard, chunk, rows) VALUES (?, ?, ?)
       ON CONFLICT (shard, chunk) DO UPDATE SET rows = excluded.rows`,
      shard,
      chunk,
      JSON.stringify(list),
    );
  }
}
