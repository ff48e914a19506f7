// Internal: the experiment-count SQL of a ClientShard. Experiment counts are kept apart from
// arm evidence: they never decay, never enter the bounded or κ sums, and count users, not
// events, which the per-client rows in `exp_clients` make exact.

import { type ExperimentCount, toMilli } from '@crowdbandit/protocol';

/**
 * A shard's cumulative sums of one experiment phase, variation and metric (`''`: the
 * exposures), as pushed to the aggregator: users, Σ value per user and Σ (value per user)²
 * (milli-units and their squares), and conversions dropped because the shard had not seen
 * that client exposed to that phase and variation.
 */
export type ExperimentRow = readonly [
  experiment: string,
  phase: number,
  variation: number,
  metric: string,
  users: number,
  sum: number,
  sumsq: number,
  unexposed: number,
];

/** The `exp_sums` columns, in {@link ExperimentRow} order. */
export const EXPERIMENT_COLUMNS =
  'experiment, phase, variation, metric, users, sum, sumsq, unexposed';

interface Change {
  users: number;
  sum: number;
  sumsq: number;
  unexposed: number;
}

const ROWS = 'FROM json_each(?) WHERE true';

const keyOf = (experiment: string, phase: number, variation: number, metric: string) =>
  `${experiment}\0${phase}\0${variation}\0${metric}`;

function split(key: string): [string, number, number, string] {
  const [experiment, phase, variation, metric] = key.split('\0') as [
    string,
    string,
    string,
    string,
  ];
  return [experiment, Number(phase), Number(variation), metric];
}

/**
 * Adds one client's experiment counts to the shard's sums. An exposure counts the client once
 * per phase and variation; a conversion counts it once per metric, and only when the client
 * was exposed to that phase and variation (before, or in the same batch); its value adds to
 * the client's own cumulative value, so Σvalue² stays a sum over users. Must run inside
 * `transactionSync`.
 */
export function addExperimentCounts(
  sql: SqlStorage,
  client: string,
  counts: readonly ExperimentCount[],
): void {
  if (counts.length === 0) return;
  const wanted = new Set<string>();
  for (const c of counts) {
    wanted.add(keyOf(c.experiment, c.phase, c.variation, ''));
    if (c.metric !== null) wanted.add(keyOf(c.experiment, c.phase, c.variation, c.metric));
  }
  const known = new Map<string, number>();
  const cursor = sql.exec<{
    experiment: string;
    phase: number;
    variation: number;
    metric: string;
    value: number;
  }>(
    `SELECT x.experiment, x.phase, x.variation, x.metric, x.value FROM exp_clients x
     JOIN (SELECT value ->> 0 AS experiment, value ->> 1 AS phase, value ->> 2 AS variation,
                  value ->> 3 AS metric ${ROWS}) k
       ON x.experiment = k.experiment AND x.phase = k.phase AND x.variation = k.variation
          AND x.metric = k.metric
     WHERE x.client_id = ?`,
    JSON.stringify([...wanted].map(split)),
    client,
  );
  for (const r of cursor) known.set(keyOf(r.experiment, r.phase, r.variation, r.metric), r.value);

  const clientRows = new Map<string, number>();
  const changes = new Map<string, Change>();
  const change = (key: string) => {
    let found = changes.get(key);
    if (found === undefined) {
      found = { users: 0, sum: 0, sumsq: 0, unexposed: 0 };
      changes.set(key, found);
    }
    return found;
  };
  for (const c of counts) {
    if (c.metric !== null) continue;
    const key = keyOf(c.experiment, c.phase, c.variation, '');
    if (known.has(key)) continue;
    known.set(key, 0);
    clientRows.set(key, 0);
    change(key).users += 1;
  }
  for (const c of counts) {
    if (c.metric === null) continue;
    const key = keyOf(c.experiment, c.phase, c.variation, c.metric);
    if (!known.has(keyOf(c.experiment, c.phase, c.variation, ''))) {
      change(key).unexposed += 1;
      continue;
    }
    const value = toMilli(c.value);
    const before = known.get(key);
    const after = (before ?? 0) + value;
    const sums = change(key);
    if (before === undefined) sums.users += 1;
    sums.sum += value;
    sums.sumsq += after * after - (before ?? 0) * (before ?? 0);
    known.set(key, after);
    clientRows.set(key, after);
  }
  writeClientRows(sql, client, clientRows);
  writeChanges(sql, changes, 1);
}

/**
 * Takes a client's experiment counts back out of the shard's sums and forgets its exposures
 * and conversions. Returns how many it had. Must run inside `transactionSync`.
 */
export function removeExperimentClient(sql: SqlStorage, client: string): number {
  const rows = sql
    .exec<{ experiment: string; phase: number; variation: number; metric: string; value: number }>(
      'SELECT experiment, phase, variation, metric, value FROM exp_clients WHERE client_id = ?',
      client,
    )
    .toArray();
  if (rows.length === 0) return 0;
  const changes = new Map<string, Change>();
  for (const r of rows) {
    changes.set(keyOf(r.experiment, r.phase, r.variation, r.metric), {
      users: 1,
      sum: r.value,
      sumsq: r.value * r.value,
      unexposed: 0,
    });
  }
  writeChanges(sql, changes, -1);
  sql.exec('DELETE FROM exp_clients WHERE client_id = ?', client);
  return rows.length;
}

/** The shard's cumulative experiment sums, as pushed to the aggregator. */
export function experimentRows(sql: SqlStorage): ExperimentRow[] {
  const cursor = sql
    .exec(
      `SELECT ${EXPERIMENT_COLUMNS} FROM exp_sums ORDER BY experiment, phase, variation, metric`,
    )
    .raw();
  return [...cursor] as unknown as ExperimentRow[];
}

function writeClientRows(sql: SqlStorage, client: string, rows: ReadonlyMap<string, number>) {
  if (rows.size === 0) return;
  sql.exec(
    `INSERT INTO exp_clients (client_id, experiment, phase, variation, metric, value)
     SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 ${ROWS}
     ON CONFLICT DO UPDATE SET value = excluded.value`,
    client,
    JSON.stringify([...rows].map(([key, value]) => [...split(key), value])),
  );
}

function writeChanges(sql: SqlStorage, changes: ReadonlyMap<string, Change>, sign: 1 | -1) {
  if (changes.size === 0) return;
  sql.exec(
    `INSERT INTO exp_sums (${EXPERIMENT_COLUMNS})
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5,
            value ->> 6, value ->> 7 ${ROWS}
     ON CONFLICT DO UPDATE SET users = users + excluded.users, sum = sum + excluded.sum,
       sumsq = sumsq + excluded.sumsq, unexposed = unexposed + excluded.unexposed`,
    JSON.stringify(
      [...changes].map(([key, c]) => [
        ...split(key),
        sign * c.users,
        sign * c.sum,
        sign * c.sumsq,
        sign * c.unexposed,
      ]),
    ),
  );
}
