import { shardOf } from '@crowdbandit/core';
import { decodeBatch, validateBatch } from '@crowdbandit/protocol';
import { readEither } from '../body.ts';
import type { EdgeContext } from '../env.ts';
import { HttpError } from '../http-error.ts';

/**
 * POST /v1/apps/:app/deltas — a client's batch, JSON or binary. 200 with the ack (also for
 * a replay: `duplicate`), 409 with the expected seq on a gap.
 */
export async function postDeltas(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const batch = await readEither(c, validateBatch, decodeBatch);
  const shard = shardOf(batch.clientId, c.get('app').shards);
  const outcome = await c.env.SHARDS.getByName(`${appId}:${shard}`).applyBatch(appId, shard, batch);
  if (outcome.kind === 'gap') {
    throw new HttpError(
      'seq_gap',
      `batch ${batch.seq} skips ahead: send seq ${outcome.expectedSeq} next`,
      {
        expectedSeq: outcome.expectedSeq,
      },
    );
  }
  return c.json(outcome.ack);
}
