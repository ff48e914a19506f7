import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Candidate } from '@crowdbandit/core';

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

interface MovieRow {
  readonly Title: string | number | null;
  readonly 'Release Date': string | null;
  readonly 'Major Genre': string | null;
  readonly 'Creative Type': string | null;
  readonly Director: string | null;
  readonly 'MPAA Rating': string | null;
  readonly 'IMDB Rating': number | null;
  readonly 'IMDB Votes': number | null;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** The path of vega-datasets' movies.json. */
export function moviesJsonPath(): string {
  return fileURLToPath(new URL('../data/movies.json', import.meta.resolve('vega-datasets')));
}

/**
 * The demo's film catalog, built the way demo/src/films.ts builds it (the lab does not
 * import from demo/): films of vega-datasets' movies.json with a title and an IMDB rating;
 * features genre:, creative:, director:, decade:, mpaa:; popularity = IMDB votes; ids are
 * slugs of title and year.
 *
 * @example
 * const films = loadFilms();
 * films.length; // 2987
 * films[0].features; // ['mpaa:R', …]
 */
export function loadFilms(
  rows: readonly MovieRow[] = JSON.parse(readFileSync(moviesJsonPath(), 'utf8')) as MovieRow[],
): Film[] {
  const films: Film[] = [];
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.Title === null || row['IMDB Rating'] === null) continue;
    const title = String(row.Title);
    const match = /(\d{4})$/.exec(row['Release Date'] ?? '');
    const year = match ? Number(match[1]) : null;
    // A few rows carry two-digit years parsed into the future; they get no decade.
    const sane = year !== null && year >= 1915 && year <= 2012 ? year : null;
    let id = slug(`${title} ${sane ?? ''}`);
    for (let n = 2; ids.has(id); n++) id = slug(`${title} ${sane ?? ''} ${n}`);
    ids.add(id);
    const features = [
      row['Major Genre'] && `genre:${row['Major Genre']}`,
      row['Creative Type'] && `creative:${row['Creative Type']}`,
      row.Director && `director:${row.Director}`,
      sane !== null && `decade:${Math.floor(sane / 10) * 10}s`,
      row['MPAA Rating'] && `mpaa:${row['MPAA Rating']}`,
    ].filter((f): f is string => typeof f === 'string');
    films.push({
      id,
      title,
      genre: row['Major Genre'],
      imdbRating: row['IMDB Rating'],
      popularity: row['IMDB Votes'] ?? 0,
      features,
    });
  }
  return films;
}
