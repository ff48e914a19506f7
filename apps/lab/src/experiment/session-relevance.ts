import type { Candidate } from '@crowdbandit/core';
import type { Film } from '../metrics/films.ts';

/** How the app scores relevance, which the `baseline` policy ranks by alone. */
export type RelevanceMode = 'rating' | 'similarity';

/** The relevance modes, for the command's option. */
export const RELEVANCE_MODES: readonly RelevanceMode[] = ['rating', 'similarity'];

const ratingOf = (film: Film) => Math.min(1, Math.max(0, film.imdbRating / 10));

/**
 * The catalog with the demo app's relevance (demo/src/decisions.ts): a content score, the
 * IMDB rating / 10, the same for every visitor.
 *
 * @example
 * await client.setCatalog('films', ratedCatalog(films));
 */
export function ratedCatalog(films: readonly Film[]): Candidate[] {
  return films.map((film) => ({
    id: film.id,
    relevance: ratingOf(film),
    popularity: film.popularity,
    features: film.features,
  }));
}

/**
 * Another app recommender, content-based similarity within the session: a film's
 * relevance is 0.4 × its IMDB rating / 10 plus 0.6 × the cosine between its features
 * (genre, director, creatives, decade, rating) and the profile of the films the visitor
 * liked so far (each liked film adds 1 to each of its features); before any like, the
 * rating alone. It knows nothing of the visitor beyond their likes. (In the lab's world it is
 * the weaker baseline: it follows the first likes into films of the same creatives and
 * decades, whatever their rating.) The candidates go to `rank` as a list every round, which
 * makes a run several times slower than with the rated catalog.
 *
 * @example
 * const relevance = sessionRelevance(films);
 * relevance.like(films[3]);
 * const candidates = relevance.candidates(); // films with relevance in [0, 1]
 */
export function sessionRelevance(films: readonly Film[]) {
  const profile = new Map<string, number>();
  let norm = 0;
  return {
    like(film: Film): void {
      for (const f of film.features) profile.set(f, (profile.get(f) ?? 0) + 1);
      norm = Math.sqrt([...profile.values()].reduce((sum, w) => sum + w * w, 0));
    },
    candidates(): Candidate[] {
      return films.map((film) => {
        let dot = 0;
        for (const f of film.features) dot += profile.get(f) ?? 0;
        const cosine =
          norm > 0 && film.features.length > 0 ? dot / (norm * Math.sqrt(film.features.length)) : 0;
        return {
          id: film.id,
          relevance: norm > 0 ? 0.4 * ratingOf(film) + 0.6 * cosine : ratingOf(film),
          popularity: film.popularity,
          features: film.features,
        };
      });
    },
  };
}
