// The crowd bench's view of a real edge: what a client (honest or not) can do over HTTP.
import type { DeltaBatch } from '@crowdbandit/protocol';
import { LabError } from '../lab-error.ts';

/** The app of apps/lab/edge/wrangler.crowd.jsonc: every option at its default. */
export const CROWD_APP = {
  id: 'crowd',
  key: 'pk_crowd_local',
  adminToken: 'crowd-admin-token',
  config: new URL('../../edge/wrangler.crowd.jsonc', import.meta.url),
} as const;

/** An edge to talk to, at `url`. */
export interface CrowdEdge {
  /** A signed id for `own`, asked for from `address` (CF-Connecting-IP); null when refused (429). */
  issue(own: string, address: string): Promise<string | null>;
  /** Posts a batch; the status. */
  post(batch: DeltaBatch): Promise<number>;
  /** The published snapshot of one decision. */
  snapshot(decision: string): Promise<Snapshot>;
  /** The admin's stats alerts of kind `sudden-shift`. */
  shiftAlerts(): Promise<{ arm: string; value: number }[]>;
  /** Waits until the shards pushed: the raw totals of `decision` hold `events` events. */
  settle(decision: string, events: number): Promise<void>;
}

/** A priors snapshot as the bench reads it. */
export interface Snapshot {
  readonly version: number;
  readonly decisions: Record<string, Record<string, Record<string, [number, number]>>>;
  readonly kappa?: Record<string, { value: number; source: string; clients: number }>;
  readonly maxWeightPerClient?: number;
}

/**
 * HTTP access to the crowd app of an edge.
 *
 * @example
 * const id = await crowdEdge(edge.url).issue('honest-0001', '198.51.100.1');
 */
export function crowdEdge(url: string): CrowdEdge {
  const base = `${url}/v1/apps/${CROWD_APP.id}`;
  const admin = { authorization: `Bearer ${CROWD_APP.adminToken}` };
  const json = async <T>(path: string, headers: Record<string, string>): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers });
    if (!res.ok) throw new LabError(`GET ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    async issue(own, address) {
      const res = await fetch(`${base}/clients`, {
        method: 'POST',
        headers: {
          'x-crowdbandit-key': CROWD_APP.key,
          'content-type': 'application/json',
          'cf-connecting-ip': address,
        },
        body: JSON.stringify({ id: own }),
      });
      if (res.status === 429) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok) throw new LabError(`POST /clients answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { clientId: string }).clientId;
    },
    async post(batch) {
      const res = await fetch(`${base}/deltas`, {
        method: 'POST',
        headers: { 'x-crowdbandit-key': CROWD_APP.key, 'content-type': 'application/json' },
        body: JSON.stringify(batch),
      });
      await res.body?.cancel();
      return res.status;
    },
    snapshot: (decision) =>
      json<Snapshot>(`/priors?decision=${decision}`, { 'x-crowdbandit-key': CROWD_APP.key }),
    async shiftAlerts() {
      const stats = await json<{
        decisions: { alerts: { kind: string; arm: string; value: number }[] }[];
      }>('/stats', admin);
      return stats.decisions.flatMap((d) => d.alerts).filter((a) => a.kind === 'sudden-shift');
    },
    async settle(decision, events) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const raw = await json<{
          decisions: Record<string, Record<string, Record<string, { raw: [number, number] }>>>;
        }>('/totals', admin);
        let sum = 0;
        for (const byArm of Object.values(raw.decisions[decision] ?? {}))
          for (const { raw: r } of Object.values(byArm)) sum += r[0] + r[1];
        if (Math.abs(sum - events) < 1e-6) return;
        if (sum > events)
          throw new LabError(`${decision}: the edge counted ${sum} of ${events} events`);
        if (Date.now() > deadline)
          throw new LabError(`${decision}: ${sum} of ${events} events after 30 s`);
        await new Promise((done) => setTimeout(done, 50));
      }
    },
  };
}

/** The n-th address of a test range, one per simulated person: 10.x.y.z. */
export function address(n: number): string {
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}
