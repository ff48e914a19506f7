/** How the dashboard hears of changes: the priors WebSocket, or polling while it is closed. */
export type LiveMode = 'connecting' | 'websocket' | 'polling';

/** What {@link connectLive} needs; the platform parts are injectable for tests. */
export interface LiveOptions {
  readonly edgeUrl: string;
  readonly app: string;
  /** Public: the WebSocket carries it as its `key` query parameter (never the admin token). */
  readonly publishableKey: string;
  /** A new priors or experiments version was announced. */
  readonly onVersion: (kind: 'priors' | 'experiments', version: number) => void;
  /** Time to poll (with ETags: unchanged data costs a 304). Called while the socket is down. */
  readonly onPoll: () => void;
  readonly onMode: (mode: LiveMode) => void;
  readonly pollMs?: number;
  readonly WebSocket?: typeof WebSocket;
}

/**
 * Listens to `GET /v1/apps/:app/priors/ws`. While the socket is closed it asks for a poll
 * every `pollMs` and tries the socket again with a growing delay (up to 30 s).
 *
 * @example
 * const live = connectLive({ edgeUrl, app, publishableKey, onVersion: refresh, onPoll: refresh, onMode: show });
 * live.close();
 */
export function connectLive(options: LiveOptions): { close(): void } {
  const Socket = options.WebSocket ?? globalThis.WebSocket;
  const pollMs = options.pollMs ?? 5000;
  let socket: WebSocket | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let delay = 2000;
  let closed = false;

  const url = new URL(
    `${options.edgeUrl}/v1/apps/${encodeURIComponent(options.app)}/priors/ws`.replace(
      /^http/,
      'ws',
    ),
  );
  url.searchParams.set('key', options.publishableKey);

  const startPolling = () => {
    if (poll !== null) return;
    options.onMode('polling');
    options.onPoll();
    poll = setInterval(options.onPoll, pollMs);
  };
  const stopPolling = () => {
    if (poll !== null) clearInterval(poll);
    poll = null;
  };

  const open = () => {
    retry = null;
    if (closed) return;
    let ws: WebSocket;
    try {
      ws = new Socket(url);
    } catch {
      startPolling();
      retry = setTimeout(open, delay);
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      delay = 2000;
      stopPolling();
      options.onMode('websocket');
    });
    ws.addEventListener('message', (event) => {
      try {
        const message = JSON.parse(String(event.data)) as { type?: unknown; version?: unknown };
        if (
          (message.type === 'priors' || message.type === 'experiments') &&
          typeof message.version === 'number'
        ) {
          options.onVersion(message.type, message.version);
        }
      } catch {
        // Not ours to read; the next announcement or poll catches up.
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws || closed) return;
      socket = null;
      startPolling();
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, 30_000);
    });
  };

  options.onMode('connecting');
  open();
  return {
    close() {
      closed = true;
      stopPolling();
      if (retry !== null) clearTimeout(retry);
      socket?.close();
      socket = null;
    },
  };
}
