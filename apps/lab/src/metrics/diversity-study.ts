import {
  type CommunityTotals,
  catalogCoverage,
  createCatalog,
  createEngine,
  createRng,
  type DiversityOptions,
  exposureCounts,
  giniOfExposure,
  intraListDiversity,
  ndcgAtK,
  novelty,
  popularityRanks,
  precisionAtK,
  recallAtK,
  reciprocalRank,
  serendipity,
} from '@crowdbandit/core';
import type { Progress } from '../progress.ts';
import { mean } from '../stats.ts';
import type { Film } from './films.ts';
import { simulatedUser } from './simulated-user.ts';

/** One setting of the diversity controls. */
export interface DiversityConfig {
  readonly id: string;
  readonly label: string;
  readonly diversity: DiversityOptions;
}

/**
 * The settings compared: none, popularity dampening, per-family caps, MMR, the long-tail
 * boost and a combination.
 *
 * @example
 * diversityConfigs(15_115).map((c) => c.id); // ['none', 'dampen-0.2', …]
 */
export function diversityConfigs(medianPopularity: number): DiversityConfig[] {
  return [
    { id: 'none', label: 'no diversity controls', diversity: {} },
    {
      id: 'dampen-0.2',
      label: 'popularity dampening 0.2',
      diversity: { popularityDampening: 0.2 },
    },
    {
      id: 'dampen-0.5',
      label: 'popularity dampening 0.5',
      diversity: { popularityDampening: 0.5 },
    },
    {
      id: 'caps',
      label: 'caps: genre 4, director 1',
      diversity: { caps: { genre: 4, director: 1 } },
    },
    { id: 'mmr', label: 'MMR λ = 0.7', diversity: { mmr: { lambda: 0.7 } } },
    {
      id: 'long-tail',
      label: 'long-tail +0.1 (votes ≤ median)',
      diversity: { longTail: { maxPopularity: medianPopularity, bonus: 0.1 } },
    },
    {
      id: 'combined',
      label: 'caps + dampening 0.2 + MMR 0.8',
      diversity: {
        caps: { genre: 4, director: 1 },
        popularityDampening: 0.2,
        mmr: { lambda: 0.8 },
      },
    },
  ];
}

/** Options of {@link runDiversityStudy}. */
export interface DiversityStudyOptions {
  readonly films: readonly Film[];
  readonly configs: readonly DiversityConfig[];
  readonly users: number;
  /** Feeds each user sees (a like or an implicit negative on every shown film in between). */
  readonly rounds: number;
  readonly k: number;
  readonly seed: number;
  readonly progress?: Progress;
}

/** The metrics of one setting, averaged over every feed shown. */
export interface DiversityRow {
  readonly config: DiversityConfig;
  readonly precision: number;
  readonly recall: number;
  readonly ndcg: number;
  readonly mrr: number;
  /** Likes per shown film: what the visitors actually did. */
  readonly likeRate: number;
  readonly intraListDiversity: number;
  /** Mean popularity rank of shown films (1 = most voted). */
  readonly novelty: number;
  /** Share of shown films outside the most-voted 20% of the catalog. */
  readonly longTailShare: number;
  readonly serendipity: number;
  /** Over all feeds of all visitors. */
  readonly coverage: number;
  readonly gini: number;
}

/**
 * The crowd's evidence every visitor starts from, as a priors snapshot: a film's exposure
 * grows with its IMDB votes (2,000 feedback events for the most voted film) and its like
 * share is (IMDB rating / 10)³, so well-known, well-rated films carry strong priors.
 *
 * @example
 * engine.setCommunity(crowdTotals(films));
 */
export function crowdTotals(films: readonly Film[], decision = 'feed'): CommunityTotals {
  const maxVotes = Math.max(...films.map((f) => f.popularity));
  const arms: Record<string, readonly [number, number]> = {};
  for (const film of films) {
    const n = Math.round((2000 * film.popularity) / maxVotes);
    const like = (film.imdbRating / 10) ** 3;
    if (n > 0) arms[film.id] = [n * like, n * (1 - like)];
  }
  return { [decision]: { '': arms } };
}

/**
 * Ranks the film catalog with the engine for simulated visitors under each diversity
 * setting, feeds their likes back (session boosts and posteriors update as in the SDK) and
 * applies core's ranking and diversity metrics to every feed. Every setting sees the same
 * visitors with the same engine seeds.
 *
 * @example
 * const rows = runDiversityStudy({ films, configs: diversityConfigs(15_115), users: 100, rounds: 5, k: 20, seed: 1 });
 */
export function runDiversityStudy(options: DiversityStudyOptions): DiversityRow[] {
  const { films, k } = options;
  const catalog = createCatalog(films);
  const ids = films.map((f) => f.id);
  const ranks = popularityRanks(films);
  const headSize = Math.round(films.length * 0.2);
  const expected = new Set(
    [...films]
      .sort((a, b) => b.popularity - a.popularity)
      .slice(0, k)
      .map((f) => f.id),
  );
  const totals = crowdTotals(films);
  const index = new Map(ids.map((id, i) => [id, i]));
  const byId = new Map(films.map((f) => [f.id, f]));
  return options.configs.map((config) => {
    const lists: string[][] = [];
    const perList = {
      precision: [] as number[],
      recall: [] as number[],
      ndcg: [] as number[],
      rr: [] as number[],
      ild: [] as number[],
      novelty: [] as number[],
      tail: [] as number[],
      serendipity: [] as number[],
    };
    let likes = 0;
    let shown = 0;
    for (let u = 0; u < options.users; u++) {
      const seed = options.seed * 10_000 + u;
      const user = simulatedUser(films, createRng(seed));
      const world = createRng(seed + 5_000_011);
      let now = 1_700_000_000_000;
      const engine = createEngine({
        decisions: { feed: { kind: 'rank', k, diversity: config.diversity } },
        seed,
        now: () => now,
      });
      engine.setCommunity(totals);
      for (let round = 0; round < options.rounds; round++) {
        const feed = engine.rank('feed', catalog).map((item) => item.id);
        lists.push(feed);
        perList.precision.push(precisionAtK(feed, user.relevant, k));
        perList.recall.push(recallAtK(feed, user.relevant, k));
        perList.ndcg.push(ndcgAtK(feed, user.relevant, k));
        perList.rr.push(reciprocalRank(feed, user.relevant));
        perList.ild.push(intraListDiversity(feed.map((id) => byId.get(id)!)));
        perList.novelty.push(novelty(feed, ranks));
        perList.tail.push(feed.filter((id) => ranks.get(id)! > headSize).length / feed.length);
        perList.serendipity.push(serendipity(feed, user.relevant, expected));
        for (const id of feed) {
          const liked = world() < user.likeProbability[index.get(id)!]!;
          engine.feedback('feed', id, liked ? 'like' : 'impression');
          likes += liked ? 1 : 0;
          shown += 1;
        }
        now += 30_000;
      }
      options.progress?.advance(1);
    }
    return {
      config,
      precision: mean(perList.precision),
      recall: mean(perList.recall),
      ndcg: mean(perList.ndcg),
      mrr: mean(perList.rr),
      likeRate: likes / shown,
      intraListDiversity: mean(perList.ild),
      novelty: mean(perList.novelty),
      longTailShare: mean(perList.tail),
      serendipity: mean(perList.serendipity),
      coverage: catalogCoverage(lists, ids),
      gini: giniOfExposure(exposureCounts(lists, ids)),
    };
  });
}
