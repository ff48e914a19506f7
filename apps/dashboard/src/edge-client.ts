import type { Stats } from '@crowdbandit/protocol';

/** Where the dashboard reads from and how it authenticates. */
export interface Connection {
  readonly edgeUrl: string;
  readonly app: string;
  readonly adminToken: string;
  readonly publishableKey: string;
}

/** What one refresh read from the edge. */
export interface Reading {
  readonly stats: Stats;
  readonly priorsVersion: number;
  readonly healthy: boolean;
  readonly at: number;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(`${res.status}: ${body?.error?.message ?? res.statusText}`);
  }
  return (await res.json()) as T;
}

/** Reads stats (admin), the priors version and health in one go. */
export async function read(connection: Connection): Promise<Reading> {
  const base = `${connection.edgeUrl}/v1/apps/${encodeURIComponent(connection.app)}`;
  const [stats, priors, health] = await Promise.all([
    fetch(`${base}/stats`, { headers: { authorization: `Bearer ${connection.adminToken}` } }).then(
      json<Stats>,
    ),
    fetch(`${base}/priors`, { headers: { 'x-crowdbandit-key': connection.publishableKey } }).then(
      json<{ version: number }>,
    ),
    fetch(`${connection.edgeUrl}/health`).then(
      (r) => r.ok,
      () => false,
    ),
  ]);
  return { stats, priorsVersion: priors.version, healthy: health, at: Date.now() };
}
