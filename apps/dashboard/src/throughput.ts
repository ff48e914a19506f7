/** Events per minute over time, from successive readings of the raw totals. */
export interface Throughput {
  /** Epoch ms of each reading after the first. */
  readonly times: number[];
  /** Successes + failures per minute since the previous reading (rewards, so fractional). */
  readonly feedback: number[];
  /** Impressions (selections) per minute since the previous reading. */
  readonly impressions: number[];
  last: { t: number; feedback: number; impressions: number } | null;
}

/** Readings kept (at one every few seconds, the last half hour or more). */
const KEEP = 360;

/** Readings closer than this to the previous one are skipped: a rate over 100 ms is noise. */
const MIN_GAP_MS = 4000;

/** An empty meter. */
export function emptyThroughput(): Throughput {
  return { times: [], feedback: [], impressions: [], last: null };
}

/**
 * Sums `GET /v1/apps/:app/totals`'s raw counts `[S, F, N]` over every decision, context and
 * arm (every event exactly once). Returns null for a body of another shape.
 */
export function sumRawTotals(body: unknown): { feedback: number; impressions: number } | null {
  const decisions = (body as { decisions?: unknown } | null)?.decisions;
  if (typeof decisions !== 'object' || decisions === null) return null;
  let feedback = 0;
  let impressions = 0;
  for (const contexts of Object.values(decisions as Record<string, unknown>)) {
    for (const arms of Object.values((contexts ?? {}) as Record<string, unknown>)) {
      for (const entry of Object.values((arms ?? {}) as Record<string, unknown>)) {
        const raw = (entry as { raw?: unknown } | null)?.raw;
        if (!Array.isArray(raw)) continue;
        const [s, f, n] = raw as unknown[];
        feedback += (typeof s === 'number' ? s : 0) + (typeof f === 'number' ? f : 0);
        impressions += typeof n === 'number' ? n : 0;
      }
    }
  }
  return { feedback, impressions };
}

/**
 * Adds a reading at `t`: the rates since the previous one (a drop, e.g. a client removed,
 * counts 0). A reading within 4 s of the previous one is skipped.
 */
export function recordThroughput(
  meter: Throughput,
  t: number,
  sums: { feedback: number; impressions: number },
): void {
  const last = meter.last;
  if (last !== null && t - last.t < MIN_GAP_MS) return;
  meter.last = { t, ...sums };
  if (last === null) return;
  const perMinute = 60_000 / (t - last.t);
  meter.times.push(t);
  meter.feedback.push(Math.max(0, sums.feedback - last.feedback) * perMinute);
  meter.impressions.push(Math.max(0, sums.impressions - last.impressions) * perMinute);
  if (meter.times.length > KEEP) {
    meter.times.shift();
    meter.feedback.shift();
    meter.impressions.shift();
  }
}
