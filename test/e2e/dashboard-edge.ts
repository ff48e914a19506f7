// What the dashboard tests do to the edge directly: admin events, experiments, and clients
// sending experiment exposures, as an app's server and its users' SDKs would.
import { experimentDelta } from '@crowdbandit/protocol';

/** The local stack's demo app, as `npm start` configures it (worker/wrangler.jsonc). */
export const DEMO = { app: 'demo', key: 'pk_demo_local' } as const;

/** Server-side events through the admin route, 500 per request (the route's limit). */
export async function postEvents(
  edgeUrl: string,
  token: string,
  events: readonly { id: string; decision: string; arm: string; event: string }[],
): Promise<void> {
  for (let i = 0; i < events.length; i += 500) {
    const res = await fetch(`${edgeUrl}/v1/apps/${DEMO.app}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(i, i + 500) }),
    });
    if (!res.ok) throw new Error(`events: ${res.status} ${await res.text()}`);
  }
}

/** An admin request to the experiments API; throws on a failing status. */
export async function experimentsApi(
  edgeUrl: string,
  token: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${edgeUrl}/v1/apps/${DEMO.app}/experiments${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`experiments${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Exposes `users` new clients to a variation of a started experiment (phase 1), and converts
 * the first `converting` of them on `metric`: each client gets its id signed and sends one
 * batch, as the SDK does.
 */
export async function expose(
  edgeUrl: string,
  experiment: string,
  variation: number,
  users: number,
  converting: number,
  metric: string,
  prefix: string,
): Promise<void> {
  const base = `${edgeUrl}/v1/apps/${DEMO.app}`;
  const headers = { 'x-crowdbandit-key': DEMO.key, 'content-type': 'application/json' };
  await Promise.all(
    Array.from({ length: users }, async (_, i) => {
      const signed = await fetch(`${base}/clients`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ id: `${prefix}-${variation}-${String(i).padStart(4, '0')}` }),
      });
      const { clientId } = (await signed.json()) as { clientId: string };
      const deltas = [
        experimentDelta({ experiment, phase: 1, variation, metric: null, value: 1 }),
        ...(i < converting
          ? [experimentDelta({ experiment, phase: 1, variation, metric, value: 1 })]
          : []),
      ];
      const sent = await fetch(`${base}/deltas`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ clientId, seq: 1, deltas }),
      });
      if (!sent.ok) throw new Error(`deltas: ${sent.status} ${await sent.text()}`);
    }),
  );
}
