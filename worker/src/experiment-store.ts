// Internal: experiment definitions and their lifecycle in a PriorsAggregator's SQLite. Every
// function runs inside the caller's transactionSync and answers a value, never throws, so the
// outcome crosses the Durable Object RPC boundary intact.

import {
  definitionProblems,
  type Experiment,
  type ExperimentChange,
  type ExperimentDefinition,
  type ExperimentPhase,
  type ExperimentState,
  type ExperimentStop,
  type WireIssue,
} from '@crowdbandit/protocol';

/** What a lifecycle step answers: the experiment's new state, or why it was refused. */
export type StoreResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly code: 'not_found' | 'conflict' | 'invalid_body';
      readonly message: string;
      readonly issues?: readonly WireIssue[];
    };

interface Row {
  body: string;
  archived: number;
  created_at: number;
  updated_at: number;
}

const refuse = (
  code: 'not_found' | 'conflict' | 'invalid_body',
  message: string,
  issues?: readonly WireIssue[],
): StoreResult<never> =>
  issues === undefined ? { ok: false, code, message } : { ok: false, code, message, issues };

function read(sql: SqlStorage, key: string): Row | undefined {
  return sql
    .exec<Record<string, SqlStorageValue>>(
      'SELECT body, archived, created_at, updated_at FROM experiments WHERE key = ?',
      key,
    )
    .toArray()[0] as Row | undefined;
}

function phasesOf(sql: SqlStorage, key: string): ExperimentPhase[] {
  return sql
    .exec<{
      phase: number;
      seed: string;
      started_at: number;
      stopped_at: number | null;
      coverage: number;
      weights: string;
    }>(
      'SELECT phase, seed, started_at, stopped_at, coverage, weights FROM experiment_phases WHERE key = ? ORDER BY phase',
      key,
    )
    .toArray()
    .map((r) => ({
      phase: r.phase,
      seed: r.seed,
      startedAt: r.started_at,
      ...(r.stopped_at === null ? {} : { stoppedAt: r.stopped_at }),
      coverage: r.coverage,
      weights: JSON.parse(r.weights) as number[],
    }));
}

function stateOf(sql: SqlStorage, key: string, row: Row): ExperimentState {
  return {
    ...(JSON.parse(row.body) as Experiment),
    archived: row.archived === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    phases: phasesOf(sql, key),
  };
}

function write(sql: SqlStorage, experiment: Experiment, archived: boolean, now: number) {
  sql.exec(
    `INSERT INTO experiments (key, body, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET body = excluded.body, archived = excluded.archived,
       updated_at = excluded.updated_at`,
    experiment.key,
    JSON.stringify(experiment),
    archived ? 1 : 0,
    now,
    now,
  );
}

// Reads an experiment for a change: not found, or archived (final), are refused here.
function changeable(
  sql: SqlStorage,
  key: string,
): { ok: true; experiment: Experiment } | { ok: false; result: StoreResult<never> } {
  const row = read(sql, key);
  if (row === undefined) return { ok: false, result: refuse('not_found', `no experiment ${key}`) };
  if (row.archived === 1) {
    return {
      ok: false,
      result: refuse(
        'conflict',
        `experiment ${key} is archived; create a new one with another key`,
      ),
    };
  }
  return { ok: true, experiment: JSON.parse(row.body) as Experiment };
}

function saved(sql: SqlStorage, experiment: Experiment, now: number): StoreResult<ExperimentState> {
  write(sql, experiment, false, now);
  return { ok: true, value: stateOf(sql, experiment.key, read(sql, experiment.key)!) };
}

/** The admin view of one experiment, archived or not, with all its phases. */
export function experimentState(sql: SqlStorage, key: string): StoreResult<ExperimentState> {
  const row = read(sql, key);
  return row === undefined
    ? refuse('not_found', `no experiment ${key}`)
    : { ok: true, value: stateOf(sql, key, row) };
}

/** Every experiment clients see (not archived), by key. */
export function liveExperiments(sql: SqlStorage): Record<string, Experiment> {
  const out: Record<string, Experiment> = {};
  const rows = sql.exec<{ key: string; body: string }>(
    'SELECT key, body FROM experiments WHERE archived = 0 ORDER BY key',
  );
  for (const r of rows) out[r.key] = JSON.parse(r.body) as Experiment;
  return out;
}

/**
 * Creates a draft: phase 0, seed = key, equal weights, full coverage and `clientId` hashing
 * unless the definition says otherwise. A key is never reused, archived or not.
 */
export function createExperiment(
  sql: SqlStorage,
  definition: ExperimentDefinition,
  now: number,
): StoreResult<ExperimentState> {
  if (read(sql, definition.key) !== undefined) {
    return refuse('conflict', `experiment ${definition.key} exists; keys are never reused`);
  }
  const count = definition.variations.length;
  const experiment: Experiment = {
    ...definition,
    weights: definition.weights ?? Array.from({ length: count }, () => 1 / count),
    coverage: definition.coverage ?? 1,
    hashAttribute: definition.hashAttribute ?? 'clientId',
    hashVersion: 2,
    metrics: definition.metrics ?? [],
    status: 'draft',
    phase: 0,
    seed: definition.key,
  };
  return saved(sql, experiment, now);
}

/**
 * Starts a new phase from a draft or a stopped experiment: phase + 1 with `seed`, so every
 * user is hashed afresh; the winner of an earlier phase is forgotten.
 */
export function startExperiment(
  sql: SqlStorage,
  key: string,
  now: number,
  seedOf: (phase: number) => string,
): StoreResult<ExperimentState> {
  const found = changeable(sql, key);
  if (!found.ok) return found.result;
  const { winner: _winner, stoppedAt: _stoppedAt, ...before } = found.experiment;
  if (before.status === 'running') {
    return refuse(
      'conflict',
      `experiment ${key} is running in phase ${before.phase}; stop it before starting a new phase`,
    );
  }
  const phase = before.phase + 1;
  const experiment: Experiment = {
    ...before,
    status: 'running',
    phase,
    seed: seedOf(phase),
    startedAt: now,
  };
  sql.exec(
    `INSERT INTO experiment_phases (key, phase, seed, started_at, stopped_at, coverage, weights)
     VALUES (?, ?, ?, ?, NULL, ?, ?)`,
    key,
    phase,
    experiment.seed,
    now,
    experiment.coverage,
    JSON.stringify(experiment.weights),
  );
  return saved(sql, experiment, now);
}

/** Changes coverage and/or weights; while running, within the current phase. */
export function changeExperiment(
  sql: SqlStorage,
  key: string,
  change: ExperimentChange,
  now: number,
): StoreResult<ExperimentState> {
  const found = changeable(sql, key);
  if (!found.ok) return found.result;
  const before = found.experiment;
  if (change.weights !== undefined) {
    const problems = definitionProblems({ variations: before.variations, weights: change.weights });
    if (problems.length > 0) {
      const issues = problems.map((p) => ({ path: p.path.join('.'), message: p.message }));
      return refuse('invalid_body', `${issues[0]!.path}: ${issues[0]!.message}`, issues);
    }
  }
  const experiment: Experiment = {
    ...before,
    coverage: change.coverage ?? before.coverage,
    weights: change.weights ?? before.weights,
  };
  if (experiment.status === 'running') {
    sql.exec(
      'UPDATE experiment_phases SET coverage = ?, weights = ? WHERE key = ? AND phase = ?',
      experiment.coverage,
      JSON.stringify(experiment.weights),
      key,
      experiment.phase,
    );
  }
  return saved(sql, experiment, now);
}

function stopped(sql: SqlStorage, experiment: Experiment, now: number): Experiment {
  sql.exec(
    'UPDATE experiment_phases SET stopped_at = ? WHERE key = ? AND phase = ?',
    now,
    experiment.key,
    experiment.phase,
  );
  return { ...experiment, status: 'stopped', stoppedAt: now };
}

/**
 * Stops a running experiment: everyone gets the `winner` variation, or the control without
 * one. On a stopped experiment it only changes the winner.
 */
export function stopExperiment(
  sql: SqlStorage,
  key: string,
  stop: ExperimentStop,
  now: number,
): StoreResult<ExperimentState> {
  const found = changeable(sql, key);
  if (!found.ok) return found.result;
  const { winner: _winner, ...before } = found.experiment;
  if (before.status === 'draft') {
    return refuse('conflict', `experiment ${key} is a draft; there is nothing to stop`);
  }
  let winner: number | undefined;
  if (stop.winner !== undefined) {
    winner = before.variations.findIndex((v) => v.key === stop.winner);
    if (winner === -1) {
      const keys = before.variations.map((v) => v.key).join(', ');
      const message = `${stop.winner} is not a variation of ${key} (${keys})`;
      return refuse('invalid_body', `winner: ${message}`, [{ path: 'winner', message }]);
    }
  }
  const halted = before.status === 'running' ? stopped(sql, before, now) : before;
  return saved(sql, winner === undefined ? halted : { ...halted, winner }, now);
}

/** Archives an experiment (stopping it first when running): clients no longer see it. */
export function archiveExperiment(
  sql: SqlStorage,
  key: string,
  now: number,
): StoreResult<ExperimentState> {
  const found = changeable(sql, key);
  if (!found.ok) return found.result;
  const before = found.experiment;
  const experiment = before.status === 'running' ? stopped(sql, before, now) : before;
  write(sql, experiment, true, now);
  return { ok: true, value: stateOf(sql, key, read(sql, key)!) };
}
