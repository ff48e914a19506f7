import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Candidate } from '@crowdbandit/core';
import { filmsFrom, type MovieRow } from '@crowdbandit/demo/film-catalog';

/** One film of the demo catalog, as the lab uses it. */
export interface Film extends Candidate {
  readonly id: string;
  readonly title: string;
  readonly genre: string | null;
  readonly imdbRating: number;
  /** IMDB votes: the film's popularity. */
  readonly popularity: number;
  readonly features: readonly string[];
}

/** The path of vega-datasets' movies.json. */
export function moviesJsonPath(): string {
  return fileURLToPath(new URL('../data/movies.json', import.meta.resolve('vega-datasets')));
}

/**
 * The demo's film catalog (demo/src/film-catalog.ts): films of vega-datasets' movies.json
 * with a title and an IMDB rating; features genre:, creative:, director:, decade:, mpaa:;
 * popularity = IMDB votes; ids are slugs of title and year.
 *
 * @example
 * const films = loadFilms();
 * films.length; // 2987
 * films[0].features; // ['mpaa:R', …]
 */
export function loadFilms(
  rows: readonly MovieRow[] = JSON.parse(readFileSync(moviesJsonPath(), 'utf8')) as MovieRow[],
): Film[] {
  return filmsFrom(rows).map((film) => ({
    id: film.id,
    title: film.title,
    genre: film.genre,
    imdbRating: film.imdbRating ?? 0,
    popularity: film.imdbVotes,
    features: film.features,
  }));
}
