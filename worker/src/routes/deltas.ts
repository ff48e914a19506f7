import { shardOf } from '@crowdbandit/core';
import { decodeBatch, validateBatch } from '@crowdbandit/protocol';
import { readEither } from '../body.ts';
import { verifyClientId } from '../client-id.ts';
import { clientIdSecret } from '../client-secret.ts';
import type { EdgeContext } from '../env.ts';
import { splitDeltas } from '../experiment-counts.ts';
import { HttpError } from '../http-error.ts';

/**
 * POST /v1/apps/:app/deltas — a client's batch, JSON or binary. 200 with the ack (also for
 * a replay: `duplicate`), 409 with the expected seq on a gap, 401 `unsigned_client_id` when
 * the client id does not carry this edge's signature (and the shard never counted it).
 * A client's state is kept under its own id, the signed id without its signature, so an
 * install that signs the id it already had carries on with the same seqs. Deltas under
 * `$exp/` are experiment counts: one that is malformed refuses the whole batch (400). A binary
 * batch may send arms the edge knows by ref (format version 3): 409 `unknown_arm_refs`, with
 * the refs, when the client's shard holds no totals for one of them (nothing is applied; the
 * SDK sends the batch again with those arms spelled out).
 */
export async function postDeltas(c: EdgeContext): Promise<Response> {
  const appId = c.get('appId');
  const batch = await readEither(c, validateBatch, decodeBatch);
  const { issues } = splitDeltas(batch.deltas);
  if (issues.length > 0) {
    const [first] = issues;
    throw new HttpError('invalid_body', `${first!.path}: ${first!.message}`, { issues });
  }
  const own = await verifyClientId(clientIdSecret(c), appId, batch.clientId);
  const clientId = own ?? batch.clientId;
  const shard = shardOf(clientId, c.get('app').shards);
  const outcome = await c.env.SHARDS.getByName(`${appId}:${shard}`).applyBatch(
    appId,
    shard,
    { ...batch, clientId },
    own !== null,
  );
  if (outcome.kind === 'unsigned') {
    throw new HttpError(
      'unsigned_client_id',
      `client id ${batch.clientId} is not signed by this edge for app ${appId}: get one from POST /v1/apps/${appId}/clients (the SDK does this by itself)`,
    );
  }
  if (outcome.kind === 'unresolved') {
    throw new HttpError(
      'unknown_arm_refs',
      `batch ${batch.seq} names ${outcome.refs.length} arm(s) by a ref this edge cannot resolve: send them spelled out (unknownRefs lists the refs)`,
      { unknownRefs: outcome.refs },
    );
  }
  if (outcome.kind === 'gap') {
    throw new HttpError(
      'seq_gap',
      `batch ${batch.seq} skips ahead: send seq ${outcome.expectedSeq} next`,
      { expectedSeq: outcome.expectedSeq },
    );
  }
  return c.json(outcome.ack);
}
