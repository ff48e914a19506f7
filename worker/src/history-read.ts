// Internal: reads a decision's history (arm_history, kappa_history) as the JSON body of
// GET /v1/apps/:app/history, streamed one arm key at a time.

import type { HistoryQuery } from '@crowdbandit/protocol';
import { HOUR, MINUTE } from './arm-history.ts';

/** A checked history query (see the route for the rules). */
export type HistoryRequest = HistoryQuery;

type Row = [at: number, s: number, f: number, n: number, share: number | null, pBest: number];

// A query's rows as tuples in column order.
const tuples = <T>(cursor: SqlStorageCursor<Record<string, SqlStorageValue>>) =>
  [...cursor.raw()] as unknown as T[];

// Arm keys a request emits per chunk of the stream.
const ARMS_PER_CHUNK = 25;

/**
 * The history body as a byte stream. Points are the stored rows in `[from, to]` (for hours,
 * the last row of each hour), stamped with their bucket's start, preceded by the values in
 * force at `from` when the window's first bucket has no row of its own. The arm keys are
 * visited in order through the primary key, so a request reads about as many rows as it
 * returns points.
 */
export function historyStream(
  sql: SqlStorage,
  app: string,
  { decision, from, to, step }: HistoryRequest,
): ReadableStream<Uint8Array> {
  const size = step === 'hour' ? HOUR : MINUTE;
  const start = Math.floor(from / size) * size;
  const encoder = new TextEncoder();
  let cursor: [string, string] | null = null;
  let headed = false;
  let first = true;
  let done = false;

  const head = () => {
    const kappa = points(
      tuples<[number, number]>(
        sql.exec(
          `SELECT ${step === 'hour' ? 'MAX(at) AS at' : 'at'}, value FROM kappa_history
           WHERE decision = ? AND at >= ? AND at <= ? ${step === 'hour' ? `GROUP BY at / ${HOUR}` : ''}
           ORDER BY at`,
          decision,
          start,
          to,
        ),
      ),
      tuples<[number, number]>(
        sql.exec(
          'SELECT at, value FROM kappa_history WHERE decision = ? AND at < ? ORDER BY at DESC LIMIT 1',
          decision,
          start,
        ),
      )[0],
      start,
      size,
    );
    const fields = JSON.stringify({ app, decision, step, from, to, kappa });
    return `${fields.slice(0, -1)},"arms":[`;
  };

  const nextArm = (): [string, string] | null => {
    const [row] = tuples<[string, string]>(
      cursor === null
        ? sql.exec(
            'SELECT context, arm FROM arm_history WHERE decision = ? ORDER BY context, arm LIMIT 1',
            decision,
          )
        : sql.exec(
            `SELECT context, arm FROM arm_history WHERE decision = ? AND (context, arm) > (?, ?)
             ORDER BY context, arm LIMIT 1`,
            decision,
            cursor[0],
            cursor[1],
          ),
    );
    return row ?? null;
  };

  const armJson = (context: string, arm: string): string | null => {
    const rows = tuples<Row>(
      sql.exec(
        `SELECT ${step === 'hour' ? 'MAX(at) AS at' : 'at'}, s, f, n, share, p_best FROM arm_history
         WHERE decision = ? AND context = ? AND arm = ? AND at >= ? AND at <= ?
         ${step === 'hour' ? `GROUP BY at / ${HOUR}` : ''} ORDER BY at`,
        decision,
        context,
        arm,
        start,
        to,
      ),
    );
    const [carried] = tuples<Row>(
      sql.exec(
        `SELECT at, s, f, n, share, p_best FROM arm_history
         WHERE decision = ? AND context = ? AND arm = ? AND at < ? ORDER BY at DESC LIMIT 1`,
        decision,
        context,
        arm,
        start,
      ),
    );
    const list = points(rows, carried, start, size);
    if (list.length === 0) return null;
    return JSON.stringify({ context, arm, points: list });
  };

  return new ReadableStream({
    type: 'bytes',
    pull(controller: ReadableByteStreamController) {
      if (done) return;
      const parts: string[] = headed ? [] : [head()];
      headed = true;
      for (let i = 0; i < ARMS_PER_CHUNK; i++) {
        cursor = nextArm();
        if (cursor === null) {
          parts.push(']}');
          done = true;
          break;
        }
        const json = armJson(cursor[0], cursor[1]);
        if (json === null) continue;
        parts.push(first ? json : `,${json}`);
        first = false;
      }
      controller.enqueue(encoder.encode(parts.join('')));
      if (done) controller.close();
    },
  });
}

// Stamps rows with their bucket's start, and puts the values in force at the window's first
// bucket in front when that bucket has no row.
function points<T extends [number, ...unknown[]]>(
  rows: T[],
  carried: T | undefined,
  start: number,
  size: number,
): T[] {
  const out = rows.map((r) => {
    const copy = [...r] as T;
    copy[0] = Math.floor(r[0] / size) * size;
    return copy;
  });
  if (carried !== undefined && (out.length === 0 || out[0]![0] > start)) {
    const copy = [...carried] as T;
    copy[0] = start;
    out.unshift(copy);
  }
  return out;
}
