/// <reference path="../../../../demo/src/movies.d.ts" />
// The first-decision page: the demo's client, catalog (3,201 films) and first rank, timed
// here on the main thread from just before createClient to the resolved rank.
// A namespace import: the benchmark also builds this page with the SDK as it was before
// preload() existed.
import * as sdk from '@crowdbandit/sdk';
import { DECISIONS } from '../../../../demo/src/decisions.ts';
import { loadFilms, toCandidate } from '../../../../demo/src/films.ts';

// `?preload`: the page starts the worker first thing, as the demo does, and then builds its
// catalog; without it the worker starts at createClient.
if (new URL(location.href).searchParams.has('preload')) {
  (sdk as { preload?: () => void }).preload?.();
}
const candidates = loadFilms().map(toCandidate);

/** Milliseconds of each step, as the page sees them. */
interface FirstDecision {
  total: number;
  /** createClient itself (synchronous). */
  create: number;
  /** setCatalog resolved: worker start, IndexedDB open and load, catalog transfer and preparation. */
  catalog: number;
  /** rank('home-feed', 'films') resolved after the catalog. */
  rank: number;
  films: number;
  mode: string;
  storage: string;
}

async function firstDecision(feedback: boolean): Promise<FirstDecision> {
  const t0 = performance.now();
  const client = sdk.createClient({ appId: 'first-decision', decisions: DECISIONS, seed: 1 });
  const t1 = performance.now();
  await client.setCatalog('films', candidates);
  const t2 = performance.now();
  const ranked = await client.rank('home-feed', 'films');
  const t3 = performance.now();
  if (ranked.length === 0) throw new Error('first rank returned nothing');
  const status = client.status();
  if (feedback) {
    for (let i = 0; i < 5; i++) await client.feedback('home-feed', ranked[i]!.id, 'like');
    await client.close();
  }
  return {
    total: t3 - t0,
    create: t1 - t0,
    catalog: t2 - t1,
    rank: t3 - t2,
    films: candidates.length,
    mode: status.mode,
    storage: status.storage,
  };
}

(globalThis as unknown as { firstDecision: typeof firstDecision }).firstDecision = firstDecision;
(globalThis as unknown as { benchReady: boolean }).benchReady = true;
