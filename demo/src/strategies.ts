import type { Strategy } from './decisions.ts';
import type { Film } from './films.ts';

/** What the strategies know of this visit. */
export interface Taste {
  readonly liked: readonly Film[];
  readonly disliked: ReadonlySet<string>;
  /** Films already on the page, not offered again. */
  readonly shown: ReadonlySet<string>;
}

function seededOrder(films: readonly Film[], seed: number): Film[] {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  return films
    .map((film) => ({ film, key: next() }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.film);
}

/**
 * The candidate list each strategy offers, best first:
 * - popular: most IMDB votes;
 * - hidden gems: fewer than 1,000 votes and rated above 7.5;
 * - more of your genres: the genres of films liked in this visit, best rated first;
 * - serendipity: rated 7.5 or more and unlike anything liked or disliked so far.
 * A strategy with nothing to offer returns [] (and is not available to choose).
 */
export function strategyList(
  strategy: Strategy,
  films: readonly Film[],
  taste: Taste,
  seed: number,
): Film[] {
  const open = films.filter((f) => !taste.disliked.has(f.id) && !taste.shown.has(f.id));
  const rating = (f: Film) => f.imdbRating ?? 0;
  switch (strategy) {
    case 'popular':
      return open.sort((a, b) => b.imdbVotes - a.imdbVotes).slice(0, 40);
    case 'hidden-gems':
      return open
        .filter((f) => f.imdbVotes < 1000 && rating(f) > 7.5)
        .sort((a, b) => rating(b) - rating(a));
    case 'your-genres': {
      const genres = new Set(taste.liked.map((f) => f.genre).filter((g) => g !== null));
      return open
        .filter((f) => f.genre !== null && genres.has(f.genre))
        .sort((a, b) => rating(b) - rating(a))
        .slice(0, 40);
    }
    case 'serendipity': {
      const known = new Set(
        [...taste.liked, ...films.filter((f) => taste.disliked.has(f.id))].flatMap((f) => [
          f.genre,
          f.director,
        ]),
      );
      return seededOrder(
        open.filter((f) => rating(f) >= 7.5 && !known.has(f.genre) && !known.has(f.director)),
        seed,
      ).slice(0, 40);
    }
  }
}
