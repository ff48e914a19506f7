import type { ArmTotals } from './snapshot.ts';

/**
 * The body of the admin route `GET /v1/apps/:app/totals`: per decision, context and arm the
 * raw sums of everything every client sent, counted exactly once (`raw`: [S, F, impressions]),
 * beside what the crowd publishes after each client's bound (`bounded`).
 */
export interface RawTotals {
  readonly app: string;
  readonly version: number;
  readonly generatedAt: number;
  readonly shards: Record<string, number>;
  readonly decisions: Record<
    string,
    Record<
      string,
      Record<string, { raw: [number, number, number]; bounded: [number, number, number] }>
    >
  >;
}

/** Builds {@link RawTotals}; null-prototype maps keep any arm id an ordinary key. */
export function rawTotalsOf(
  app: string,
  version: number,
  now: number,
  shards: ReadonlyMap<number, number>,
  totals: readonly ArmTotals[],
): RawTotals {
  const decisions: RawTotals['decisions'] = Object.create(null);
  for (const t of totals) {
    decisions[t.decision] ??= Object.create(null);
    const contexts = decisions[t.decision]!;
    contexts[t.context] ??= Object.create(null);
    contexts[t.context]![t.arm] = { raw: [t.s, t.f, t.n], bounded: [t.bs, t.bf, t.bn] };
  }
  const versions: Record<string, number> = {};
  for (const [shard, v] of [...shards].sort((a, b) => a[0] - b[0])) versions[String(shard)] = v;
  return { app, version, generatedAt: now, shards: versions, decisions };
}
