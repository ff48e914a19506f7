/**
 * The edge's health as the dashboard can know it: `up` (`/health` says ok), `unhealthy`
 * (it answers, but not ok), `unknown` (it answers, but the browser may not read the answer:
 * an edge whose `/health` sends no CORS headers), `down` (no answer at all).
 */
export type Health =
  | { readonly state: 'up'; readonly protocol: number | null }
  | { readonly state: 'unhealthy'; readonly status: number }
  | { readonly state: 'unknown'; readonly reason: string }
  | { readonly state: 'down'; readonly reason: string };

/**
 * Asks `GET /health`. When the browser cannot read the answer, a second, `no-cors` request
 * tells a CORS refusal (an opaque answer arrives) from an edge that does not answer (the
 * request fails): only the latter is `down`.
 *
 * @example
 * const health = await probeHealth('http://127.0.0.1:8787');
 * if (health.state === 'down') warn(health.reason);
 */
export async function probeHealth(
  edgeUrl: string,
  fetcher: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<Health> {
  const url = `${edgeUrl}/health`;
  try {
    const res = await fetcher(url, { cache: 'no-store' });
    if (!res.ok) return { state: 'unhealthy', status: res.status };
    const body = (await res.json().catch(() => null)) as {
      ok?: unknown;
      protocol?: unknown;
    } | null;
    if (body?.ok !== true) return { state: 'unhealthy', status: res.status };
    return { state: 'up', protocol: typeof body.protocol === 'number' ? body.protocol : null };
  } catch (error) {
    try {
      await fetcher(url, { mode: 'no-cors', cache: 'no-store' });
      return {
        state: 'unknown',
        reason: 'the edge answers, but its /health sends no CORS headers for this page',
      };
    } catch {
      return { state: 'down', reason: (error as Error).message || 'no answer' };
    }
  }
}
