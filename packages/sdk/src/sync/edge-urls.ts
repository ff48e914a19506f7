// Internal: the edge's routes (HTTP API v1).

function base(endpoint: string, appId: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/apps/${encodeURIComponent(appId)}`;
}

/** `POST` delta batches here. */
export function deltasUrl(endpoint: string, appId: string): string {
  return `${base(endpoint, appId)}/deltas`;
}

/** `POST` a client's own id here to have it signed. */
export function clientsUrl(endpoint: string, appId: string): string {
  return `${base(endpoint, appId)}/clients`;
}

/** `GET` the priors snapshot here. */
export function priorsUrl(endpoint: string, appId: string): string {
  return `${base(endpoint, appId)}/priors`;
}

/** `GET` the experiments snapshot here. */
export function experimentsUrl(endpoint: string, appId: string): string {
  return `${base(endpoint, appId)}/experiments`;
}

/** The WebSocket announcing new priors versions (http becomes ws, https wss). */
export function priorsSocketUrl(endpoint: string, appId: string, key: string): string {
  return `${base(endpoint, appId).replace(/^http/, 'ws')}/priors/ws?key=${encodeURIComponent(key)}`;
}

/** The header carrying the publishable key. */
export const KEY_HEADER = 'x-crowdbandit-key';
