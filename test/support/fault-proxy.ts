import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How often each fault happens, per request. */
export interface FaultRates {
  /** The request never reaches the edge; the client sees a network error. */
  readonly dropRequest: number;
  /** The edge handles (and commits) the request, but the client never gets the answer. */
  readonly dropResponse: number;
  /** The edge receives the request twice. */
  readonly duplicate: number;
}

/** What the proxy did, for the test to check the faults really happened. */
export interface FaultCounts {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicated: number;
}

/** A running proxy. */
export interface FaultProxy {
  readonly url: string;
  readonly counts: FaultCounts;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * An HTTP proxy in front of a real edge that injects network faults at the given rates
 * (a seeded `random` keeps a run reproducible). It stands between an SDK and the edge the
 * way a flaky mobile network does; neither side knows it is there.
 */
export async function startFaultProxy(
  target: string,
  rates: FaultRates,
  random: () => number,
): Promise<FaultProxy> {
  const counts: FaultCounts = {
    requests: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    duplicated: 0,
  };
  const forward = async (req: IncomingMessage, payload: Buffer) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (
        typeof value === 'string' &&
        name !== 'host' &&
        name !== 'connection' &&
        name !== 'content-length'
      ) {
        headers.set(name, value);
      }
    }
    return fetch(new URL(req.url ?? '/', target), {
      method: req.method ?? 'GET',
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : new Uint8Array(payload),
    });
  };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    counts.requests += 1;
    const payload = await body(req);
    if (random() < rates.dropRequest) {
      counts.droppedRequests += 1;
      res.socket?.destroy();
      return;
    }
    try {
      const duplicate = random() < rates.duplicate;
      const dropResponse = random() < rates.dropResponse;
      const first = forward(req, payload);
      if (duplicate) {
        counts.duplicated += 1;
        // The copy races the original, as a retransmission would.
        const copy = await forward(req, payload);
        await copy.arrayBuffer();
      }
      const response = await first;
      const bytes = Buffer.from(await response.arrayBuffer());
      if (dropResponse) {
        counts.droppedResponses += 1;
        res.socket?.destroy();
        return;
      }
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (
          name !== 'content-encoding' &&
          name !== 'transfer-encoding' &&
          name !== 'content-length'
        )
          out[name] = value;
      });
      res.writeHead(response.status, out);
      res.end(bytes);
    } catch {
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
