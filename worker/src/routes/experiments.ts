import {
  decodeWith,
  EXPERIMENT_KEY,
  ExperimentChangeSchema,
  ExperimentDefinitionSchema,
  type ExperimentState,
  ExperimentStopSchema,
  etagMatches,
  priorsETag,
} from '@crowdbandit/protocol';
import { decodedValue, readJson } from '../body.ts';
import type { EdgeContext } from '../env.ts';
import type { StoreResult } from '../experiment-store.ts';
import { HttpError } from '../http-error.ts';

/** The `:key` of an experiment route; a key that cannot exist is simply not found. */
export function experimentKey(c: EdgeContext): string {
  const key = c.req.param('key') ?? '';
  if (!EXPERIMENT_KEY.test(key)) throw new HttpError('not_found', `no experiment ${key}`);
  return key;
}

function aggregator(c: EdgeContext) {
  return c.env.PRIORS.getByName(c.get('appId'));
}

// The RPC result's tuples arrive typed as arrays, hence `unknown` for the state.
function answer(c: EdgeContext, result: StoreResult<unknown>, status: 200 | 201 = 200) {
  if (!result.ok) {
    throw new HttpError(
      result.code,
      result.message,
      result.issues === undefined ? {} : { issues: result.issues },
    );
  }
  return c.json(result.value as ExperimentState, status);
}

/**
 * POST /v1/apps/:app/experiments — creates a draft from an ExperimentDefinition (admin): 201
 * with its state, 400 naming the field, 409 `conflict` when the key exists (archived too).
 */
export async function postExperiment(c: EdgeContext): Promise<Response> {
  const definition = decodedValue(decodeWith(ExperimentDefinitionSchema, await readJson(c)));
  return answer(c, await aggregator(c).createExperiment(definition), 201);
}

/** GET /v1/apps/:app/experiments/:key — one experiment with all its phases (admin). */
export async function getExperiment(c: EdgeContext): Promise<Response> {
  return answer(c, await aggregator(c).experiment(experimentKey(c)));
}

/**
 * PATCH /v1/apps/:app/experiments/:key — `{coverage?, weights?}` within the current phase
 * (admin); 400 naming `weights` when they do not fit the variations.
 */
export async function patchExperiment(c: EdgeContext): Promise<Response> {
  const key = experimentKey(c);
  const change = decodedValue(decodeWith(ExperimentChangeSchema, await readJson(c)));
  return answer(c, await aggregator(c).changeExperiment(key, change));
}

/**
 * POST /v1/apps/:app/experiments/:key/start — a new phase with a fresh seed, from a draft or
 * a stopped experiment (admin); 409 when it runs or is archived.
 */
export async function startExperiment(c: EdgeContext): Promise<Response> {
  return answer(c, await aggregator(c).startExperiment(experimentKey(c)));
}

/**
 * POST /v1/apps/:app/experiments/:key/stop — `{winner?}` (a variation key; none, or no body:
 * the control) gets everyone from then on (admin); 400 naming `winner` for an unknown key.
 */
export async function stopExperiment(c: EdgeContext): Promise<Response> {
  const key = experimentKey(c);
  const empty = (await c.req.text()).trim() === '';
  const stop = empty ? {} : decodedValue(decodeWith(ExperimentStopSchema, await readJson(c)));
  return answer(c, await aggregator(c).stopExperiment(key, stop));
}

/** POST /v1/apps/:app/experiments/:key/archive — takes it out of the clients' snapshot (admin). */
export async function archiveExperiment(c: EdgeContext): Promise<Response> {
  return answer(c, await aggregator(c).archiveExperiment(experimentKey(c)));
}

/**
 * GET /v1/apps/:app/experiments — the ExperimentsSnapshot clients read (publishable key), with
 * an ETag of the experiments version; `If-None-Match` with the current version gives 304.
 */
export async function getExperiments(c: EdgeContext): Promise<Response> {
  const stub = aggregator(c);
  const version = await stub.experimentsVersion();
  c.header('cache-control', 'no-cache');
  if (etagMatches(c.req.header('if-none-match'), version)) {
    c.header('etag', priorsETag(version));
    return c.body(null, 304);
  }
  const snapshot = await stub.experimentsSnapshot(c.get('appId'));
  c.header('etag', priorsETag(snapshot.version));
  return c.json(snapshot);
}
