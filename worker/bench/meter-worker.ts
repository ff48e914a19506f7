// The edge as deployed, metered for the cost benchmark: counts Worker requests, Durable Object
// requests per class and method, alarms, setAlarm calls, WebSocket messages, the SQLite
// rowsRead/rowsWritten of every cursor in every object (per class too), and the rows the
// key-value storage API reads and writes (get/put/delete: a row per key; SQLite-backed
// objects bill them alike). Never deployed: only
// worker/bench/wrangler.meter.jsonc names this module, so production pays nothing for it.

import edge, {
  PriorsAggregator as Aggregator,
  IssuanceLimiter as Limiter,
  ClientShard as Shard,
} from '../src/index.ts';

/** What one isolate counted since the last reset (local workerd runs every object in it). */
export interface Meter {
  workerRequests: number;
  doRequests: Record<string, number>;
  alarms: number;
  setAlarms: number;
  wsIn: number;
  rowsRead: number;
  rowsWritten: number;
  rowsWrittenByClass: Record<string, number>;
  rowsWrittenByMethod: Record<string, number>;
  /** By class and the statement's first words, e.g. `PriorsAggregator: UPDATE alerts SET value`. */
  rowsWrittenByStatement: Record<string, number>;
  kvRowsRead: number;
  kvRowsWritten: number;
}

const fresh = (): Meter => ({
  workerRequests: 0,
  doRequests: {},
  alarms: 0,
  setAlarms: 0,
  wsIn: 0,
  rowsRead: 0,
  rowsWritten: 0,
  rowsWrittenByClass: {},
  rowsWrittenByMethod: {},
  rowsWrittenByStatement: {},
  kvRowsRead: 0,
  kvRowsWritten: 0,
});
let meter = fresh();
let pending: [string, string, string, SqlStorageCursor<Record<string, SqlStorageValue>>][] = [];
// The method whose synchronous part runs now (cursors an async method opens after an await
// may be put down to another method).
let running = 'constructor';
// The class of each object's SQL storage, for the rows written per class.
const classOf = new WeakMap<SqlStorage, string>();

// A cursor's counts are final once it is consumed; sum them after each object call returns.
function drain(): void {
  for (const [name, method, statement, c] of pending) {
    meter.rowsRead += c.rowsRead;
    meter.rowsWritten += c.rowsWritten;
    meter.rowsWrittenByClass[name] = (meter.rowsWrittenByClass[name] ?? 0) + c.rowsWritten;
    const key = `${name}.${method}`;
    meter.rowsWrittenByMethod[key] = (meter.rowsWrittenByMethod[key] ?? 0) + c.rowsWritten;
    if (c.rowsWritten > 0) {
      const by = `${name}: ${statement}`;
      meter.rowsWrittenByStatement[by] = (meter.rowsWrittenByStatement[by] ?? 0) + c.rowsWritten;
    }
  }
  pending = [];
}

// A statement's first four words (`INSERT INTO alerts (kind,` → `INSERT INTO alerts`).
const statementOf = (query: string) =>
  query
    .trim()
    .split(/[\s(]+/)
    .slice(0, 4)
    .join(' ');

const keys = (k: unknown) => (Array.isArray(k) ? k.length : 1);

let patched = false;

// The runtime's DurableObject checks its state's type, so the meter patches the prototypes
// of SqlStorage and DurableObjectStorage once (in this bench-only isolate) instead.
function meteredState(ctx: DurableObjectState): DurableObjectState {
  if (patched) return ctx;
  patched = true;
  const sqlProto = Object.getPrototypeOf(ctx.storage.sql) as SqlStorage;
  const exec = sqlProto.exec;
  sqlProto.exec = function (this: SqlStorage, query: string, ...bindings: unknown[]) {
    const cursor = exec.call(this, query, ...bindings);
    pending.push([classOf.get(this) ?? '?', running, statementOf(query), cursor]);
    return cursor;
  } as SqlStorage['exec'];
  const storageProto = Object.getPrototypeOf(ctx.storage) as DurableObjectStorage;
  const setAlarm = storageProto.setAlarm;
  storageProto.setAlarm = function (this: DurableObjectStorage, ...args) {
    meter.setAlarms += 1;
    return setAlarm.apply(this, args);
  } as DurableObjectStorage['setAlarm'];
  const { get, put } = storageProto;
  const remove = storageProto.delete;
  storageProto.get = function (this: DurableObjectStorage, ...args: unknown[]) {
    meter.kvRowsRead += keys(args[0]);
    return (get as (...a: unknown[]) => unknown).apply(this, args);
  } as DurableObjectStorage['get'];
  storageProto.put = function (this: DurableObjectStorage, ...args: unknown[]) {
    meter.kvRowsWritten += typeof args[0] === 'string' ? 1 : Object.keys(args[0] as object).length;
    return (put as (...a: unknown[]) => unknown).apply(this, args);
  } as DurableObjectStorage['put'];
  storageProto.delete = function (this: DurableObjectStorage, ...args: unknown[]) {
    meter.kvRowsWritten += keys(args[0]);
    return (remove as (...a: unknown[]) => unknown).apply(this, args);
  } as DurableObjectStorage['delete'];
  return ctx;
}

// Wraps every method of a Durable Object class so each call counts as one billed request
// (an RPC call, a fetch, an alarm, an incoming WebSocket message) and drains its cursors.
// biome-ignore lint/suspicious/noExplicitAny: a class of any Durable Object
function metered<T extends new (...args: any[]) => any>(Base: T, name: string): T {
  const M = class extends Base {
    // biome-ignore lint/suspicious/noExplicitAny: the base constructor's arguments
    constructor(...args: any[]) {
      running = 'constructor';
      super(meteredState(args[0]), args[1]);
      running = '(after an await)';
      classOf.set((args[0] as DurableObjectState).storage.sql, name);
    }
  };
  for (const key of Object.getOwnPropertyNames(Base.prototype)) {
    const d = Object.getOwnPropertyDescriptor(Base.prototype, key);
    if (key === 'constructor' || typeof d?.value !== 'function') continue;
    const method = d.value as (...a: unknown[]) => unknown;
    Object.defineProperty(M.prototype, key, {
      ...d,
      value(this: unknown, ...args: unknown[]) {
        if (key === 'alarm') meter.alarms += 1;
        if (key === 'webSocketMessage') meter.wsIn += 1;
        if (key !== 'webSocketClose' && key !== 'webSocketError') {
          const k = `${name}.${key}`;
          meter.doRequests[k] = (meter.doRequests[k] ?? 0) + 1;
        }
        running = key;
        let out: unknown;
        try {
          out = method.apply(this, args);
        } finally {
          running = '(after an await)';
        }
        if (out instanceof Promise) return out.finally(drain);
        drain();
        return out;
      },
    });
  }
  return M;
}

export const ClientShard = metered(Shard, 'ClientShard');
export const PriorsAggregator = metered(Aggregator, 'PriorsAggregator');
export const IssuanceLimiter = metered(Limiter, 'IssuanceLimiter');

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/bench/meter') {
      drain();
      const out = Response.json(meter);
      if (url.searchParams.has('reset')) meter = fresh();
      return out;
    }
    meter.workerRequests += 1;
    return edge.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
