/**
 * Content type of every JSON body, requests and responses alike.
 *
 * @example
 * fetch(url, { method: 'POST', headers: { 'content-type': JSON_CONTENT_TYPE }, body: encodeBatchJson(batch) });
 */
export const JSON_CONTENT_TYPE = 'application/json';

/**
 * Content type of a delta batch in the compact binary form ({@link encodeBatch}).
 *
 * @example
 * fetch(url, { method: 'POST', headers: { 'content-type': BINARY_CONTENT_TYPE }, body: encodeBatch(batch) });
 */
export const BINARY_CONTENT_TYPE = 'application/vnd.crowdbandit.deltas+bin';
