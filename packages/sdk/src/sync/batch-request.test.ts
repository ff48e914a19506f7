import { decodeBatch } from '@crowdbandit/protocol';
import { describe, expect, it } from 'vitest';
import { batchRequest, classifyResponse } from './batch-request.ts';
import { clientsUrl, priorsSocketUrl, priorsUrl } from './edge-urls.ts';

const ack = (seq: number) => JSON.stringify({ status: 'accepted', seq, shard: 1, shardVersion: 4 });
const err = (code: string, extra = {}) =>
  JSON.stringify({ error: { code, message: `${code}!`, ...extra } });

describe('classifyResponse', () => {
  it.each([
    [
      'an ack',
      200,
      ack(7),
      null,
      { kind: 'ack', ack: { status: 'accepted', seq: 7, shard: 1, shardVersion: 4 } },
    ],
    [
      'an ack for another seq',
      200,
      ack(6),
      null,
      {
        kind: 'retry',
        offline: false,
        code: 'bad_ack',
        message: 'the edge answered batch 7 with an ack for seq 6',
      },
    ],
    [
      'a 200 that is no ack',
      200,
      '{}',
      null,
      expect.objectContaining({ kind: 'retry', code: 'bad_ack' }),
    ],
    ['a seq gap', 409, err('seq_gap', { expectedSeq: 5 }), null, { kind: 'gap', expectedSeq: 5 }],
    [
      'a 400',
      400,
      err('invalid_body'),
      null,
      { kind: 'reject', status: 400, code: 'invalid_body', message: 'invalid_body!' },
    ],
    [
      'a 413',
      413,
      err('payload_too_large'),
      null,
      { kind: 'reject', status: 413, code: 'payload_too_large', message: 'payload_too_large!' },
    ],
    [
      'a 401',
      401,
      err('unauthorized'),
      null,
      { kind: 'refused', status: 401, code: 'unauthorized', message: 'unauthorized!' },
    ],
    [
      'a 401 for an unsigned client id',
      401,
      err('unsigned_client_id'),
      null,
      { kind: 'unsigned', message: 'unsigned_client_id!' },
    ],
    [
      'a 404 without body',
      404,
      '',
      null,
      { kind: 'refused', status: 404, code: 'http_404', message: 'HTTP 404' },
    ],
    [
      'a 429 with retryAfterMs',
      429,
      err('rate_limited', { retryAfterMs: 3000 }),
      null,
      {
        kind: 'retry',
        offline: false,
        code: 'rate_limited',
        message: 'rate_limited!',
        retryAfterMs: 3000,
      },
    ],
    [
      'a 429 with Retry-After',
      429,
      '',
      '2',
      { kind: 'retry', offline: false, code: 'http_429', message: 'HTTP 429', retryAfterMs: 2000 },
    ],
    [
      'a 503',
      503,
      'Service Unavailable',
      null,
      { kind: 'retry', offline: false, code: 'http_503', message: 'HTTP 503' },
    ],
  ])('reads %s', (_, status, body, retryAfter, expected) => {
    expect(classifyResponse(7, status, body, retryAfter)).toEqual(expected);
  });
});

describe('batchRequest', () => {
  const batch = {
    id: 'b1',
    clientId: 'abcdefghijklmnopqrstuv',
    seq: 3,
    sealedAt: 0,
    deltas: [{ decision: 'feed', context: '', arm: 'm1', s: 1, f: 0.25, n: 2 }],
  };
  const target = { endpoint: 'https://edge.test/', appId: 'demo', publishableKey: 'pk_x' };
  // The batch's own id with a signature: the edge keeps the seqs by the id without it.
  const signed = `${batch.clientId}0123456789abcdef`;

  it('encodes the binary body with the key header, under the signed client id', () => {
    const request = batchRequest({ ...target, transport: 'binary' }, batch, signed);
    expect(request.url).toBe('https://edge.test/v1/apps/demo/deltas');
    expect(request.headers).toEqual({
      'content-type': 'application/vnd.crowdbandit.deltas+bin',
      'x-crowdbandit-key': 'pk_x',
    });
    // Format version 2 (magic "CB", then the version byte).
    expect((request.body as Uint8Array)[2]).toBe(2);
    const decoded = decodeBatch(request.body as Uint8Array);
    expect(decoded.ok && decoded.value).toEqual({
      clientId: signed,
      seq: 3,
      deltas: batch.deltas,
    });
  });

  it('encodes JSON when asked to', () => {
    const request = batchRequest({ ...target, transport: 'json' }, batch, signed);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body as string)).toEqual({
      clientId: signed,
      seq: 3,
      deltas: batch.deltas,
    });
  });
});

describe('edge URLs', () => {
  it('builds the route that signs client ids', () => {
    expect(clientsUrl('https://edge.test/', 'my app')).toBe(
      'https://edge.test/v1/apps/my%20app/clients',
    );
  });

  it('builds the priors routes, ws for http and wss for https', () => {
    expect(priorsUrl('http://127.0.0.1:8787', 'demo')).toBe(
      'http://127.0.0.1:8787/v1/apps/demo/priors',
    );
    expect(priorsSocketUrl('https://edge.test', 'demo', 'pk x')).toBe(
      'wss://edge.test/v1/apps/demo/priors/ws?key=pk%20x',
    );
  });
});
