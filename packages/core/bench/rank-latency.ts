import {
  type Candidate,
  createCatalog,
  createEngine,
  createRng,
  sampleBeta,
  topK,
} from '@crowdbandit/core';

/** p50 and p90 of one measured operation, in ms. */
export interface Latency {
  readonly p50: number;
  readonly p90: number;
}

/** Rank latency for one catalog size, beside the plain sampler+heap reference. */
export interface RankLatency {
  /** `rank` given a plain candidate array (validated and prepared on every call). */
  readonly crowdbandit: Latency;
  /** `rank` given a catalog prepared once with `createCatalog`. */
  readonly catalog: Latency;
  readonly reference: Latency;
}

const GENRES = [
  'Drama',
  'Comedy',
  'Action',
  'Thriller',
  'Horror',
  'Romance',
  'Documentary',
  'Adventure',
];

function catalog(n: number): Candidate[] {
  const rng = createRng(n);
  return Array.from({ length: n }, (_, i) => ({
    id: `movie-${i}`,
    popularity: Math.floor(rng() ** 3 * 1_000_000),
    features: [
      `genre:${GENRES[i % GENRES.length]}`,
      `decade:${1950 + 10 * (i % 7)}s`,
      `director:d${i % 400}`,
      `creative:c${i % 9}`,
      `mpaa:${['G', 'PG', 'PG-13', 'R'][i % 4]}`,
    ],
  }));
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

function summarise(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/**
 * Times `rank` of n candidates to the top 20 with community priors on every arm, an active
 * session (three likes and a dislike), per-genre caps and popularity dampening, against a
 * plain Beta-draw + heap top-k over the same catalog, interleaved in one process.
 */
export function measureRankLatency(n: number, iterations: number): RankLatency {
  const items = catalog(n);
  const engine = createEngine({
    decisions: {
      feed: { kind: 'rank', k: 20, diversity: { caps: { genre: 4 }, popularityDampening: 0.2 } },
    },
    seed: 1,
  });
  const prior = createRng(99);
  const totals: Record<string, [number, number]> = {};
  for (const item of items) {
    const shown = Math.floor(prior() * 200);
    const liked = Math.floor(shown * prior() * 0.3);
    totals[item.id] = [liked, shown - liked];
  }
  engine.setCommunity({ feed: { '': totals } });
  for (const [i, kind] of [
    [1, 'like'],
    [2, 'like'],
    [3, 'like'],
    [4, 'dislike'],
  ] as const) {
    engine.feedback('feed', items[i]!.id, kind, { item: { features: items[i]!.features } });
  }
  const params = items.map((item) => [1 + totals[item.id]![0], 1 + totals[item.id]![1]] as const);
  const scores = new Float64Array(n);
  const rng = createRng(5);
  let sink = 0;
  const reference = () => {
    for (let i = 0; i < n; i++) scores[i] = sampleBeta(rng, params[i]![0], params[i]![1]);
    sink += topK(scores, 20)[0]!;
  };
  const prepared = createCatalog(items);
  const runs = [
    () => {
      sink += engine.rank('feed', items).length;
    },
    () => {
      sink += engine.rank('feed', prepared).length;
    },
    reference,
  ];
  for (let i = 0; i < Math.max(20, iterations / 5); i++) for (const run of runs) run();
  const samples: number[][] = runs.map(() => []);
  for (let i = 0; i < iterations; i++) {
    runs.forEach((run, r) => {
      const t = performance.now();
      run();
      samples[r]!.push(performance.now() - t);
    });
  }
  if (sink === Number.MIN_VALUE) console.log(sink);
  return {
    crowdbandit: summarise(samples[0]!),
    catalog: summarise(samples[1]!),
    reference: summarise(samples[2]!),
  };
}
