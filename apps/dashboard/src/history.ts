import type { Stats } from '@crowdbandit/protocol';

/** One arm key at one moment: counts so far, selection share and P(best) then. */
export interface HistoryPoint {
  /** Epoch ms. */
  readonly t: number;
  /** Successes, failures and selections up to `t` (cumulative). */
  readonly s: number;
  readonly f: number;
  readonly n: number;
  readonly share: number | null;
  readonly pBest: number | null;
}

/** A decision's κ (the crowd prior's strength, estimated from the clients) from time `t` on. */
export interface KappaPoint {
  readonly t: number;
  readonly value: number;
}

/** The points of one arm key, oldest first. */
export interface ArmHistory {
  readonly context: string;
  readonly arm: string;
  points: HistoryPoint[];
}

/**
 * A decision's history: from the edge's history endpoint (`edge`, minute or hour buckets) or,
 * on an edge without one, recorded by this tab from the stats it reads (`tab`).
 */
export interface History {
  readonly decision: string;
  readonly source: 'edge' | 'tab';
  step: 'minute' | 'hour' | 'poll';
  readonly arms: Map<string, ArmHistory>;
  /** The decision's κ over time, oldest first (edge history only). */
  kappa: KappaPoint[];
  /** Bumped on every change, so what is drawn from it can be cached until it changes. */
  revision: number;
}

/** The key of an arm within a decision. Context keys hold no NUL, so it splits back. */
export function armId(context: string, arm: string): string {
  return `${context}\u0000${arm}`;
}

/** What an arm is called on the page: its id, with its context when it has one. */
export function armLabel(context: string, arm: string): string {
  return context === '' ? arm : `${arm} · ${context}`;
}

/** Most points kept per arm when the tab records its own history (one per priors version or poll: 20 minutes at one every 5 s). */
export const TAB_POINTS = 240;

/** An empty history. */
export function emptyHistory(decision: string, source: History['source']): History {
  return {
    decision,
    source,
    step: source === 'tab' ? 'poll' : 'minute',
    arms: new Map(),
    kappa: [],
    revision: 0,
  };
}

/**
 * Merges points into a history: a point at a time already held replaces it (the edge's
 * current bucket keeps filling), later points are appended.
 */
export function mergeHistory(
  history: History,
  incoming: Iterable<ArmHistory>,
  kappa: readonly KappaPoint[] = [],
): void {
  history.revision += 1;
  for (const point of kappa) {
    const at = history.kappa.findIndex((p) => p.t >= point.t);
    if (at === -1) history.kappa.push(point);
    else if (history.kappa[at]!.t === point.t) history.kappa[at] = point;
    else history.kappa.splice(at, 0, point);
  }
  for (const { context, arm, points } of incoming) {
    const id = armId(context, arm);
    const held = history.arms.get(id);
    if (held === undefined) {
      history.arms.set(id, { context, arm, points: [...points].sort((a, b) => a.t - b.t) });
      continue;
    }
    for (const point of points) {
      const last = held.points.at(-1);
      if (last === undefined || point.t > last.t) held.points.push(point);
      else {
        const at = held.points.findIndex((p) => p.t >= point.t);
        if (held.points[at]?.t === point.t) held.points[at] = point;
        else held.points.splice(at, 0, point);
      }
    }
  }
}

/** Records one stats reading of a decision as the next point of every arm (the tab's own history). */
export function recordStats(
  history: History,
  decision: Stats['decisions'][number],
  at: number,
): void {
  history.revision += 1;
  for (const a of decision.arms) {
    const id = armId(a.context, a.arm);
    let held = history.arms.get(id);
    if (held === undefined) {
      held = { context: a.context, arm: a.arm, points: [] };
      history.arms.set(id, held);
    }
    if ((held.points.at(-1)?.t ?? -1) >= at) continue;
    held.points.push({
      t: at,
      s: a.s,
      f: a.f,
      n: a.n,
      share: a.share,
      pBest: a.pBest,
    });
    if (held.points.length > TAB_POINTS) held.points.splice(0, held.points.length - TAB_POINTS);
  }
}

/** The latest time in a history, or null when it holds nothing. */
export function lastTime(history: History): number | null {
  let last: number | null = null;
  for (const { points } of history.arms.values()) {
    const t = points.at(-1)?.t;
    if (t !== undefined && (last === null || t > last)) last = t;
  }
  return last;
}

/**
 * Points of the chosen arms on one time axis (the union of their times, for uPlot's aligned
 * data): per arm, the point at each time, carried forward from its previous one (a bucket
 * with no change is not sent), null before its first.
 */
export function align(
  history: History,
  ids: readonly string[],
): { times: number[]; rows: (HistoryPoint | null)[][] } {
  const all = new Set<number>();
  const chosen = ids.map((id) => history.arms.get(id)?.points ?? []);
  for (const points of chosen) for (const p of points) all.add(p.t);
  const times = [...all].sort((a, b) => a - b);
  const rows = chosen.map((points) => {
    const row: (HistoryPoint | null)[] = new Array(times.length);
    let j = 0;
    let current: HistoryPoint | null = null;
    for (let i = 0; i < times.length; i++) {
      while (j < points.length && points[j]!.t <= times[i]!) current = points[j++]!;
      row[i] = current;
    }
    return row;
  });
  return { times, rows };
}
