import type { LoggedAlert as EdgeLoggedAlert, StatsAlert } from '@crowdbandit/protocol';

/**
 * An alert as the dashboard saw it: open while the stats list it, ended (`endedAt`) once a
 * reading no longer does. `startedAt` is the edge's when it says (`sudden-shift`), else the
 * first reading that showed it (`seenFirst`).
 */
export interface LoggedAlert {
  readonly id: string;
  readonly alert: StatsAlert;
  readonly startedAt: number;
  readonly seenFirst: boolean;
  readonly endedAt: number | null;
}

const idOf = (a: StatsAlert) => `${a.kind}\u0000${a.decision}\u0000${a.context}\u0000${a.arm}`;

/** Most ended alerts kept. */
const KEEP_ENDED = 50;

/**
 * Updates the log with the alerts open in one reading at time `at`: new ones open, ones no
 * longer listed end, and an alert that comes back opens again as a new entry. Newest first.
 */
export function logAlerts(
  log: readonly LoggedAlert[],
  open: readonly StatsAlert[],
  at: number,
): LoggedAlert[] {
  const current = new Map(open.map((a) => [idOf(a), a]));
  const next: LoggedAlert[] = [];
  const stillOpen = new Set<string>();
  for (const entry of log) {
    if (entry.endedAt !== null) {
      next.push(entry);
      continue;
    }
    const alert = current.get(entry.id);
    if (alert === undefined) next.push({ ...entry, endedAt: at });
    else {
      stillOpen.add(entry.id);
      next.push({ ...entry, alert });
    }
  }
  const opened: LoggedAlert[] = [];
  for (const [id, alert] of current) {
    if (stillOpen.has(id)) continue;
    const known = alert.startedAt !== undefined;
    opened.push({ id, alert, startedAt: alert.startedAt ?? at, seenFirst: !known, endedAt: null });
  }
  const all = [...opened, ...next].sort(
    (a, b) => Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt - a.startedAt,
  );
  let ended = 0;
  return all.filter((e) => e.endedAt === null || ++ended <= KEEP_ENDED);
}

/** The edge's alert log (GET /alerts) as entries of the dashboard's log, in its order. */
export function fromEdgeLog(alerts: readonly EdgeLoggedAlert[]): LoggedAlert[] {
  return alerts
    .map(({ startedAt, endedAt, ...alert }) => ({
      id: `${idOf(alert)}\u0000${startedAt}`,
      alert,
      startedAt,
      seenFirst: false,
      endedAt,
    }))
    .sort(
      (a, b) =>
        Number(a.endedAt !== null) - Number(b.endedAt !== null) || b.startedAt - a.startedAt,
    );
}
