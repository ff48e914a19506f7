import type { Candidate } from '@crowdbandit/sdk';
import movies from 'vega-datasets/movies.json';
import { type Film, filmsFrom, type MovieRow } from './film-catalog.ts';

export type { Film };

/** The demo's catalog: {@link filmsFrom} over the bundled `movies.json`. */
export function loadFilms(): Film[] {
  return filmsFrom(movies as unknown as readonly MovieRow[]);
}

/**
 * A film as a ranking candidate: relevance is its IMDB rating scaled to [0, 1] (the app's
 * own prior opinion), popularity its IMDB votes.
 */
export function toCandidate(film: Film): Candidate {
  const relevance =
    film.imdbRating === null ? 0.5 : Math.min(Math.max((film.imdbRating - 1) / 9, 0), 1);
  return { id: film.id, relevance, popularity: film.imdbVotes, features: film.features };
}
