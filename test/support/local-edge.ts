import { resolve } from 'node:path';
import { type LocalEdge, startLocalEdge as start } from '@crowdbandit/edge/local';

export type { LocalEdge };

/** The test app of the cross-package tests (see test/support/wrangler.test.jsonc). */
export const TEST_APP = { id: 'e2e', key: 'pk_e2e_test', adminToken: 'e2e-admin-token' } as const;

/**
 * Starts the edge from worker/src in local workerd with the test config: app `e2e`, shards
 * pushing to the aggregator 200 ms after a change, state in a temporary folder.
 */
export function startLocalEdge(port = 0): Promise<LocalEdge> {
  return start({ config: resolve(import.meta.dirname, 'wrangler.test.jsonc'), port });
}
