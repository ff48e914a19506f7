// The benchmark page: a client on the module worker, and round-trip timings taken here, on
// the main thread, as an app would see them.
import { createClient } from '@crowdbandit/sdk';

const GENRES = ['Drama', 'Comedy', 'Action', 'Thriller', 'Horror', 'Romance', 'Documentary'];

function films(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: `movie-${i}`,
    popularity: (i * 7919) % 1_000_000,
    features: [
      `genre:${GENRES[i % GENRES.length]}`,
      `decade:${1950 + 10 * (i % 7)}s`,
      `director:d${i % 400}`,
      `creative:c${i % 9}`,
    ],
  }));
}

function quantile(sorted, q) {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

async function time(runs, call) {
  for (let i = 0; i < Math.min(20, runs); i++) await call(i);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p90: quantile(samples, 0.9), runs };
}

globalThis.runBench = async (quick) => {
  const client = createClient({
    appId: `bench${Date.now()}`,
    decisions: {
      feed: { kind: 'rank', k: 20, diversity: { caps: { genre: 4 }, popularityDampening: 0.2 } },
    },
    seed: 1,
  });
  const status = await client.flush().then(() => client.status());
  const k1 = films(1_000);
  const k10 = films(10_000);
  await client.setCatalog('films-1k', k1);
  await client.setCatalog('films-10k', k10);
  for (let i = 0; i < 4; i++)
    await client.feedback('feed', `movie-${i}`, i === 3 ? 'dislike' : 'like');
  const n = quick ? 0.2 : 1;
  const result = {
    mode: status.mode,
    storage: status.storage,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    // The first calls run while the engine's code is still being optimized (what a page with
    // a few decisions sees); the same calls again give the steady state.
    rank_catalog_1k_first: await time(Math.round(500 * n), () => client.rank('feed', 'films-1k')),
    rank_catalog_1k: await time(Math.round(500 * n), () => client.rank('feed', 'films-1k')),
    rank_array_1k: await time(Math.round(300 * n), () => client.rank('feed', k1)),
    rank_catalog_10k: await time(Math.round(200 * n), () => client.rank('feed', 'films-10k')),
    rank_array_10k: await time(Math.round(60 * n), () => client.rank('feed', k10)),
    feedback: await time(Math.round(500 * n), (i) =>
      client.feedback('feed', `movie-${i % 1000}`, i % 3 === 0 ? 'dislike' : 'like'),
    ),
  };
  await client.close();
  return result;
};
globalThis.benchReady = true;
